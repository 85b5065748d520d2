"""`make bench`: exports the samlet statusrapport for synthetic rounds of size M and L and prints
wall time, peak memory (RSS), pages, file size, the warm (cached) re-export and, when Chromium is
installed, Chromium's time for the same HTML without bilag. Each size runs in its own process
against a throw-away SQLite database, so the peak RSS is that size's own."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from redegorelse import workflow

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def measure(size_name, folder):
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["MEDIA_ROOT"] = f"{folder}/media"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import base64
    import resource

    from django.contrib.staticfiles import finders
    from django.core.management import call_command
    from weasyprint import HTML

    from redegorelse.models import Edition
    from redegorelse.statusreport_pdf import ChartFetcher, gather, render_html
    from redegorelse.tasks import run_export
    from tests.bench.generate import generate

    call_command("migrate", verbosity=0)
    round = generate(size_name)

    started = time.perf_counter()
    export, _created = workflow.request_export(round=round, edition=Edition.FINAL, by=None, enqueue=False)
    run_export(export)
    export.refresh_from_db()
    cold = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    started = time.perf_counter()
    again, created = workflow.request_export(round=round, edition=Edition.FINAL, by=None, enqueue=False)
    warm = time.perf_counter() - started
    assert again.pk == export.pk and not created, "the warm export should have come from the cache"

    result = {
        "size": size_name,
        "status": export.status,
        "seconds": cold,
        "peak_mb": peak_mb,
        "pages": export.page_count,
        "mb": export.size / 1024 / 1024,
        "warm": warm,
    }
    if CHROMIUM.exists():
        # The same HTML without bilag: charts inlined and static files as file:// URLs for Chromium.
        from barometer.charts import indicator_chart

        data = gather(round, Edition.FINAL)
        charts = {i.code: str(indicator_chart(i)) for s in data.goals for i in s.indicators if i.series}
        html = render_html(data, charts)
        started = time.perf_counter()
        HTML(string=html, base_url="static:", url_fetcher=ChartFetcher(charts)).write_pdf(pdf_variant="pdf/ua-1")
        result["weasyprint_no_bilag"] = time.perf_counter() - started
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
        result["chromium"] = time.perf_counter() - started
    return result


def main():
    if "--child" in sys.argv:
        size_name = sys.argv[sys.argv.index("--child") + 1]
        with tempfile.TemporaryDirectory(prefix="statusrapport-bench-") as folder:
            print(json.dumps(measure(size_name, folder)))
        return
    sizes = [arg.upper() for arg in sys.argv[1:]] or ["M", "L"]
    # The free-text renderer first (seconds), in its own process like the sizes below.
    subprocess.run([sys.executable, str(Path(__file__).with_name("text_bench.py"))], check=True, cwd=ROOT)
    print(
        f"{'størrelse':<10}{'tid (s)':>9}{'RSS (MB)':>10}{'sider':>7}{'MB':>7}{'varm (s)':>10}{'WP u/bilag':>11}{'Chromium':>10}{'forhold':>9}"
    )
    for size_name in sizes:
        output = subprocess.run(
            [sys.executable, __file__, "--child", size_name], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        chromium = result.get("chromium")
        ratio = f"{result['weasyprint_no_bilag'] / chromium:.1f}" if chromium else "–"
        print(
            f"{size_name:<10}{result['seconds']:>9.1f}{result['peak_mb']:>10.0f}{result['pages']:>7}{result['mb']:>7.1f}"
            f"{result['warm']:>10.2f}{result.get('weasyprint_no_bilag', 0):>11.1f}"
            f"{(chromium or 0):>10.1f}{ratio:>9}"
        )


if __name__ == "__main__":
    main()
