"""The report as a PDF: the web page's body, tagged, in Danish, from the page and the command."""

import datetime
import io
from pathlib import Path

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from redegorelse.models import Report
from tests import factories
from tests.redegorelse.pdf_text import body_text, key, sentences

# A copy of the source document's text (the seed 000_32439bda9684d5ba.txt), as extracted from its PDF.
SEED = Path(__file__).resolve().parent / "data" / "tmf_2009_source.txt"
# Where the document differs from the source's text on purpose: the source misses the hyphen in
# the department's name once, and the document separates the two signatories with a slash; the
# extraction glued goal 6's number to its last word.
SEED_LAYOUT = {
    "udlignes6.": "udlignes",
    "Teknik og Miljøforvaltningen indstiller,": "Teknik- og Miljøforvaltningen indstiller,",
    "Hjalte Aaberg Ulrik Winge": "Hjalte Aaberg / Ulrik Winge",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    return Report.objects.get(department__abbreviation="TMF", round__year=2009)


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_it_exports_the_demo_report_with_the_seeds_words(demo, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("export_report", "TMF", "2009", "--out", str(out), stdout=io.StringIO())
    text = " ".join(pdf_text(out.read_bytes()).split())
    for phrase in [
        "Teknik- og Miljøforvaltningen indstiller,",
        "Aftaler om fleksibel udlejning",
        "Områdeløft",
        "(helhedsplaner)",
        "Antallet af udsatte boligområder i Københavns Kommune er ved seneste måling faldet fra 5 til 2 områder.",
        "Hjalte Aaberg / Ulrik Winge",
        "Bilag 4: Statusskemaer for integrationsindsatser",
        "Side 1 af",
        "Teknik- og Miljøudvalgets beslutning den 22.04.2009",
        "Indstillingen blev godkendt.",
    ]:
        assert phrase in text, phrase


def seed_sentences():
    text = SEED.read_text(encoding="utf-8")
    for source, document in SEED_LAYOUT.items():
        assert source in text
        text = text.replace(source, document)
    return sentences(text)


def test_it_exports_every_sentence_of_the_seed_in_the_tmf_2009_pdf(demo, tmp_path):
    """The demo is the source: each of its sentences, in order, in `export_report TMF 2009`."""
    out = tmp_path / "report.pdf"
    call_command("export_report", "TMF", "2009", "--out", str(out), stdout=io.StringIO())
    exported = key(" ".join(sentences(body_text(out.read_bytes()))))
    position = 0
    for sentence in seed_sentences():
        found = exported.find(key(sentence), position)
        assert found >= 0, sentence
        position = found


def test_it_writes_a_tagged_danish_pdf_with_a_title(demo, client_for):
    tmf = demo.created_by
    response = client_for(tmf).get(reverse("redegorelse:report-pdf", args=[demo.pk]))
    assert response["Content-Type"] == "application/pdf"
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert str(pdf.Root.Lang) == "da"
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.docinfo["/Title"]) == demo.title
        assert float(pdf.pages[0].MediaBox[2]) == pytest.approx(595.276, abs=0.5)


def test_it_refuses_an_unknown_report_on_the_command_line(db, tmp_path):
    with pytest.raises(CommandError, match="Der er ingen redegørelse fra TMF for 2031"):
        call_command("export_report", "TMF", "2031", "--out", str(tmp_path / "x.pdf"))


def test_it_keeps_typed_html_out_of_the_pdf(demo, client_for):
    awaiting = Report.objects.get(department__abbreviation="SOF")
    Report.objects.filter(pk=awaiting.pk).update(problem='<img src="file:///etc/passwd"> <b>fed</b>')
    reader = factories.bif_staff(username="bif-laeser")
    response = client_for(reader).get(reverse("redegorelse:report-pdf", args=[awaiting.pk]))
    text = pdf_text(response.content)
    assert '<img src="file:///etc/passwd">' in text
    assert "root:" not in text


def test_it_tells_the_demo_story_in_spring_2009(demo, client_for):
    """Indstilling, submission and history come before the decision of 22.04.2009, not on the load day."""
    decision = demo.decisions.get()
    decided = datetime.date(2009, 4, 22)
    assert decision.meeting_date == decided
    assert timezone.localdate(demo.submitted_at) == datetime.date(2009, 3, 25)
    assert timezone.localdate(decision.submission.submitted_at) == datetime.date(2009, 3, 25)
    assert {timezone.localdate(r.at).year for r in demo.revisions.all()} == {2009}
    assert all(timezone.localdate(r.at) <= decided for r in demo.revisions.all())
    assert timezone.localdate(decision.recorded_at) == decided
    page = client_for(demo.created_by).get(reverse("redegorelse:report-detail", args=[demo.pk])).content.decode()
    assert "Indsendt 25.03.2009." in page
    assert "Dato: 25.03.2009" in " ".join(page.split())
    archived = " ".join(pdf_text(decision.snapshot.pdf.read()).split())
    assert "Dato: 25.03.2009" in archived
    assert all(ok for _label, ok in decision.snapshot.verify())


def test_our_vocabulary_breaks_only_at_its_joint_in_body_text():
    from redegorelse.pdf import hyphenate_vocabulary

    html = (
        "<html><head><title>procentpoint</title></head><body><h1>Integrationspolitikken</h1>"
        '<p class="procentpoint">10 procentpoint, 2 karakterpoint pr. halvår</p></body></html>'
    )
    out = hyphenate_vocabulary(html)
    assert "<title>procentpoint</title>" in out and "<h1>Integrationspolitikken</h1>" in out
    assert 'class="procentpoint"' in out
    assert "10 procent\u00adpoint, 2 karakter\u00adpoint pr. halv\u00adår" in out
