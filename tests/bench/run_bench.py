"""`make bench`: exports the samlet statusrapport for synthetic rounds of size M and L and measures
the cold export (empty piece cache), the export after ONE report changed, the warm export (the
stored file of unchanged inputs), the peak RSS of the whole process tree (the export process and
its piece workers, sampled from /proc), pages, and Chromium printing the same HTML (without bilag)
in the same run. Each size runs in its own process against a throw-away SQLite database and
media folder. Prints a table and, as its last lines, one JSON object per size with the keys
size, pages, cold_s, one_changed_s, warm_s, peak_mb, chromium_s.

BENCH_KEEP=<folder> keeps each size's exported PDFs there (to look at them)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root_pid):
    """The summed resident memory (bytes) of `root_pid` and all its descendants, from /proc."""
    children = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as handle:
                rss[int(entry)] = int(handle.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakSampler(threading.Thread):
    def __init__(self, interval=0.1):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self.stopped.wait(self.interval)

    def stop(self):
        self.stopped.set()
        self.join()
        return self.peak


def export_once(round, edition):
    from redegorelse import workflow
    from redegorelse.tasks import run_export

    started = time.perf_counter()
    export, created = workflow.request_export(round=round, edition=edition, by=None, enqueue=False)
    if created:
        run_export(export)
        export.refresh_from_db()
    return export, created, time.perf_counter() - started


def change_one_report(round):
    """A new text in one approved report's frozen content (its next steps), as when a report is
    approved again with one more sentence."""
    from redegorelse.models import ApprovedSnapshot
    from redegorelse.snapshot import content_hash

    snapshot = ApprovedSnapshot.objects.filter(decision__report__round=round).order_by("pk")[1]
    content = snapshot.content
    content["report"]["next_steps"] += "\n\nBenchmark: én ændret sætning i én redegørelse."
    ApprovedSnapshot.objects.filter(pk=snapshot.pk).update(content=content, content_sha256=content_hash(content))


def measure(size_name, folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import base64

    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    from redegorelse.models import Edition, ExportStatus
    from redegorelse.statusreport_pdf import gather, render_html
    from tests.bench.generate import generate

    call_command("migrate", verbosity=0)
    round = generate(size_name)
    keep = os.environ.get("BENCH_KEEP")

    sampler = PeakSampler()
    sampler.start()
    try:
        cold, created, cold_s = export_once(round, Edition.DRAFT)
        assert created and cold.status == ExportStatus.DONE, cold.error
        change_one_report(round)
        changed, created, one_changed_s = export_once(round, Edition.DRAFT)
        assert created and changed.status == ExportStatus.DONE, changed.error
    finally:
        peak = sampler.stop()
    warm, created, warm_s = export_once(round, Edition.DRAFT)
    assert warm.pk == changed.pk and not created, "the warm export should have come from the stored file"
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for name, export in (("cold", cold), ("one-changed", changed)):
            with export.file.open("rb") as handle:
                Path(keep, f"statusrapport-{size_name}-{name}.pdf").write_bytes(handle.read())

    result = {
        "size": size_name,
        "pages": changed.page_count,
        "cold_s": round_to(cold_s),
        "one_changed_s": round_to(one_changed_s),
        "warm_s": round_to(warm_s, 3),
        "peak_mb": round_to(peak / 1024 / 1024, 0),
        "chromium_s": None,
        "mb": round_to(changed.size / 1024 / 1024),
    }
    if CHROMIUM.exists() and shutil.which(str(CHROMIUM)):
        # The same HTML without bilag: charts inlined and static files as file:// URLs for Chromium.
        from barometer.charts import indicator_chart

        data = gather(round, Edition.DRAFT)
        charts = {i.code: str(indicator_chart(i)) for s in data.goals for i in s.indicators if i.series}
        html = render_html(data, charts)
        for code, svg in charts.items():
            uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
            html = html.replace(f'"chart:{code}"', f'"{uri}"')
        css = Path(finders.find("css/print-statusreport.css")).read_text()
        static_root = Path(finders.find("css/print-statusreport.css")).parents[1]
        css = css.replace("static:", static_root.as_uri() + "/")
        html = html.replace('<link rel="stylesheet" href="static:css/print-statusreport.css">', f"<style>{css}</style>")
        page = Path(folder) / "chromium.html"
        page.write_text(html)
        started = time.perf_counter()
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--print-to-pdf={folder}/chromium.pdf",
                page.as_uri(),
            ],
            capture_output=True,
            timeout=600,
            check=True,
        )
        result["chromium_s"] = round_to(time.perf_counter() - started)
    return result


def round_to(value, digits=1):
    return round(value, digits) if digits else round(value)


def main():
    if "--child" in sys.argv:
        size_name = sys.argv[sys.argv.index("--child") + 1]
        with tempfile.TemporaryDirectory(prefix="statusrapport-bench-") as folder:
            print(json.dumps(measure(size_name, folder)))
        return
    sizes = [arg.upper() for arg in sys.argv[1:]] or ["M", "L"]
    # The free-text renderer first (seconds), in its own process like the sizes below.
    subprocess.run([sys.executable, str(Path(__file__).with_name("text_bench.py"))], check=True, cwd=ROOT)
    workers = os.environ.get("STATUSREPORT_WORKERS") or os.cpu_count()
    print(f"Statusrapport, {workers} arbejdsprocesser (STATUSREPORT_WORKERS)")
    print(
        f"{'størrelse':<10}{'sider':>7}{'MB':>6}{'kold (s)':>10}{'én ændret (s)':>15}{'varm (s)':>10}"
        f"{'RSS (MB)':>10}{'Chromium (s)':>14}{'kold/Chr.':>11}{'ændret/kold':>13}"
    )
    results = []
    for size_name in sizes:
        output = subprocess.run(
            [sys.executable, __file__, "--child", size_name], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        results.append(result)
        chromium = result["chromium_s"]
        ratio = f"{result['cold_s'] / chromium:.1f}" if chromium else "–"
        print(
            f"{size_name:<10}{result['pages']:>7}{result['mb']:>6.1f}{result['cold_s']:>10.1f}"
            f"{result['one_changed_s']:>15.1f}{result['warm_s']:>10.3f}{result['peak_mb']:>10}"
            f"{(chromium or 0):>14.1f}{ratio:>11}{result['one_changed_s'] / result['cold_s']:>13.2f}"
        )
    keys = ("size", "pages", "cold_s", "one_changed_s", "warm_s", "peak_mb", "chromium_s")
    for result in results:
        print(json.dumps({key: result[key] for key in keys}))


if __name__ == "__main__":
    main()
