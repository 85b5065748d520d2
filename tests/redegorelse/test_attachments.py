"""Bilag: what is accepted is decided from the content, refusals name the file and the reason and
store nothing, and downloads go through a permission-checked view."""

import io
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from redegorelse import workflow
from redegorelse.models import Attachment, Initiative, ReportRevision
from tests import factories

pytestmark = pytest.mark.django_db

CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def tmf_report(tmf_worker):
    return factories.report_for("TMF", tmf_worker)


def pdf_bytes(pages=2, encrypt=False):
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page()
    out = io.BytesIO()
    if encrypt:
        pdf.save(out, encryption=pikepdf.Encryption(owner="ejer", user="hemmelig"))
    else:
        pdf.save(out)
    return out.getvalue()


def docx_bytes(document=b"<w:document/>"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def image_bytes(fmt):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "white").save(out, fmt)
    return out.getvalue()


def upload(client, report, name, content, title="Bilag"):
    return client.post(
        reverse("redegorelse:attachment-list", args=[report.pk]),
        {"title": title, "description": "", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content", "kind", "pages"),
    [
        ("statusskemaer.pdf", pdf_bytes(3), "pdf", 3),
        ("notat.docx", docx_bytes(), "docx", None),
        ("diagram.png", image_bytes("PNG"), "png", None),
        ("foto.jpg", image_bytes("JPEG"), "jpeg", None),
        ("uden-endelse", pdf_bytes(1), "pdf", 1),
    ],
)
def test_it_accepts_real_files_whatever_their_name(client_for, tmf_worker, tmf_report, name, content, kind, pages):
    response = upload(client_for(tmf_worker), tmf_report, name, content, title="Aftaler om fleksibel udlejning")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored_name = name if "." in name else f"{name}.pdf"  # named by what it is
    assert (attachment.kind, attachment.page_count, attachment.original_name) == (kind, pages, stored_name)
    assert attachment.file.name.startswith(f"bilag/{tmf_report.pk}/")
    assert name not in attachment.file.name  # stored under a generated name
    assert attachment.file.read() == content
    assert ReportRevision.objects.filter(report=tmf_report, changes__label="Bilag tilføjet").exists()


def zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX)
        archive.writestr("word/document.xml", b"\0" * (3 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("falsk.pdf", b"%PDF-1.7\nthis is not really a pdf", "PDF-filen er beskadiget eller ufuldstændig"),
        ("krypteret.pdf", pdf_bytes(encrypt=True), "krypteret"),
        ("program.pdf", b"MZ\x90\x00" + b"\0" * 200, "indholdet er ikke en PDF-, Word- (DOCX), Excel- (XLSX)"),
        ("program.exe", b"MZ\x90\x00" + b"\0" * 200, "indholdet er ikke en PDF-, Word- (DOCX), Excel- (XLSX)"),
        ("bombe.docx", zip_bomb(), "fylder alt for meget, når det pakkes ud"),
        ("arkiv.docx", b"PK\x03\x04" + b"\0" * 100, "kan ikke åbnes"),
        ("tom.pdf", b"", "Den indsendte fil er tom"),
        ("billede.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "billedet kan ikke læses"),
    ],
)
def test_it_refuses_files_that_are_not_what_they_claim(
    client_for, tmf_worker, tmf_report, settings, name, content, reason
):
    settings.ATTACHMENT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    response = upload(client_for(tmf_worker), tmf_report, name, content)
    html = response.content.decode()
    assert response.status_code == 400
    assert reason in html
    assert "Der er problemer med det, du har indtastet" in html
    assert not Attachment.objects.exists()
    assert not any(settings.MEDIA_ROOT.rglob("*.*"))


def test_it_names_the_file_in_the_refusal(client_for, tmf_worker, tmf_report):
    html = upload(client_for(tmf_worker), tmf_report, "program.pdf", b"MZ" + b"\0" * 100).content.decode()
    assert "Filen »program.pdf« kan ikke bruges som bilag" in html


def test_it_refuses_an_oversize_file(client_for, tmf_worker, tmf_report, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    html = upload(client_for(tmf_worker), tmf_report, "stor.pdf", pdf_bytes(20)).content.decode()
    assert "et bilag må højst fylde 1000" in html
    assert not Attachment.objects.exists()


def test_it_refuses_more_bilag_than_allowed(client_for, tmf_worker, tmf_report, settings):
    settings.ATTACHMENT_MAX_PER_REPORT = 2
    client = client_for(tmf_worker)
    for n in range(2):
        assert upload(client, tmf_report, f"{n}.pdf", pdf_bytes(1)).status_code == 302
    html = upload(client, tmf_report, "3.pdf", pdf_bytes(1)).content.decode()
    assert "En redegørelse kan højst have 2 bilag" in html
    assert Attachment.objects.count() == 2


def test_it_requires_a_title(client_for, tmf_worker, tmf_report):
    response = upload(client_for(tmf_worker), tmf_report, "a.pdf", pdf_bytes(1), title="")
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_it_refuses_uploads_from_other_roles(client_for, bif_user, buf_worker, tmf_report):
    assert upload(client_for(bif_user), tmf_report, "a.pdf", pdf_bytes(1)).status_code == 403
    assert upload(client_for(buf_worker), tmf_report, "a.pdf", pdf_bytes(1)).status_code == 404
    assert not Attachment.objects.exists()


def test_it_serves_a_download_as_an_attachment(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    upload(client, tmf_report, "Statusskemaer 2009.pdf", pdf_bytes(1))
    attachment = Attachment.objects.get()
    response = client.get(reverse("redegorelse:attachment-download", args=[tmf_report.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Statusskemaer_2009.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_refuses_downloads_to_other_departments(client_for, tmf_worker, buf_worker, tmf_report, client):
    upload(client_for(tmf_worker), tmf_report, "a.pdf", pdf_bytes(1))
    attachment = Attachment.objects.get()
    url = reverse("redegorelse:attachment-download", args=[tmf_report.pk, attachment.pk])
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client_for(buf_worker).get(url).status_code == 404


def test_it_lets_bif_staff_download(client_for, tmf_worker, bif_user, tmf_report):
    upload(client_for(tmf_worker), tmf_report, "a.pdf", pdf_bytes(1))
    attachment = Attachment.objects.get()
    url = reverse("redegorelse:attachment-download", args=[tmf_report.pk, attachment.pk])
    assert client_for(bif_user).get(url).status_code == 200


def test_it_renumbers_bilag_when_reordered_and_the_text_follows(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    for title in ["Første", "Anden", "Tredje"]:
        upload(client, tmf_report, f"{title}.pdf", pdf_bytes(1), title=title)
    third = Attachment.objects.get(title="Tredje")
    initiative = Initiative.objects.create(report=tmf_report, name="Områdeløft", attachment=third)
    client.post(reverse("redegorelse:attachment-move", args=[tmf_report.pk, third.pk]), {"direction": "up"})
    assert list(Attachment.objects.for_report(tmf_report).values_list("title", flat=True)) == [
        "Første",
        "Tredje",
        "Anden",
    ]
    html = client.get(reverse("redegorelse:report-detail", args=[tmf_report.pk])).content.decode()
    assert "Se bilag 2 for en nærmere beskrivelse af indsatsen." in html
    assert initiative.name in html


def test_it_words_the_bilag_sentence_as_the_case_worker_wrote_it(client_for, tmf_worker, tmf_report):
    """What the bilag describes is the initiative's own, editable field; the number still follows the list."""
    client = client_for(tmf_worker)
    for title in ["Første", "Områdeløft"]:
        upload(client, tmf_report, f"{title}.pdf", pdf_bytes(1), title=title)
    bilag = Attachment.objects.get(title="Områdeløft")
    url = reverse("redegorelse:report-initiatives", args=[tmf_report.pk])
    form = {
        "name": "Områdeløft",
        "kind": "ongoing",
        "progress": "on_plan",
        "attachment": bilag.pk,
        "attachment_subject": "Områdeløftindsatsen",
    }
    data = {
        "version": tmf_report.version,
        "initiative-TOTAL_FORMS": 1,
        "initiative-INITIAL_FORMS": 0,
        "initiative-MIN_NUM_FORMS": 0,
        "initiative-MAX_NUM_FORMS": 1000,
        **{f"initiative-0-{key}": value for key, value in form.items()},
    }
    assert client.post(url, data).status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.attachment_subject == "Områdeløftindsatsen"
    assert 'name="initiative-0-attachment_subject"' in client.get(url).content.decode()
    detail = reverse("redegorelse:report-detail", args=[tmf_report.pk])
    assert "Se bilag 2 for en nærmere beskrivelse af Områdeløftindsatsen." in client.get(detail).content.decode()
    client.post(reverse("redegorelse:attachment-move", args=[tmf_report.pk, bilag.pk]), {"direction": "up"})
    assert "Se bilag 1 for en nærmere beskrivelse af Områdeløftindsatsen." in client.get(detail).content.decode()


def test_it_removes_a_bilag_and_its_file(
    client_for, tmf_worker, tmf_report, media_root, django_capture_on_commit_callbacks
):
    client = client_for(tmf_worker)
    upload(client, tmf_report, "a.pdf", pdf_bytes(1), title="A")
    upload(client, tmf_report, "b.pdf", pdf_bytes(1), title="B")
    first = Attachment.objects.get(title="A")
    path = media_root / first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("redegorelse:attachment-delete", args=[tmf_report.pk, first.pk]))
    assert not path.exists()
    assert list(Attachment.objects.values_list("title", "position")) == [("B", 1)]


def test_it_edits_a_bilag_title(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    upload(client, tmf_report, "a.pdf", pdf_bytes(1), title="Gammel")
    attachment = Attachment.objects.get()
    url = reverse("redegorelse:attachment-edit", args=[tmf_report.pk, attachment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"title": "Ny titel", "description": ""})
    attachment.refresh_from_db()
    assert attachment.title == "Ny titel"


def test_it_refuses_changing_bilag_of_a_submitted_report(client_for, tmf_worker, tmf_report):
    client = client_for(tmf_worker)
    upload(client, tmf_report, "a.pdf", pdf_bytes(1), title="A")
    attachment = Attachment.objects.get()
    workflow.submit(factories.complete_report(tmf_report), by=tmf_worker)
    assert client.post(reverse("redegorelse:attachment-delete", args=[tmf_report.pk, attachment.pk])).status_code == 403
    assert upload(client, tmf_report, "b.pdf", pdf_bytes(1)).status_code == 403
    assert Attachment.objects.count() == 1


def test_it_refuses_bilag_changes_to_other_departments(client_for, tmf_worker, buf_worker, tmf_report):
    upload(client_for(tmf_worker), tmf_report, "a.pdf", pdf_bytes(1), title="A")
    attachment = Attachment.objects.get()
    client = client_for(buf_worker)
    for name in ["attachment-delete", "attachment-move"]:
        assert client.post(reverse(f"redegorelse:{name}", args=[tmf_report.pk, attachment.pk])).status_code == 404
    assert client.get(reverse("redegorelse:attachment-edit", args=[tmf_report.pk, attachment.pk])).status_code == 404
    assert Attachment.objects.count() == 1


def test_it_warns_in_danish_about_an_untagged_pdf_and_keeps_its_text_alternative(client_for, tmf_worker, tmf_report):
    from tests.redegorelse.statusreport_helpers import tagged_pdf, tiny_pdf

    client = client_for(tmf_worker)
    response = client.post(
        reverse("redegorelse:attachment-list", args=[tmf_report.pk]),
        {
            "title": "Kort",
            "description": "",
            "alt_text": "Et kort over byen.",
            "file": SimpleUploadedFile("kort.pdf", tiny_pdf("Kort")),
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Kort er ikke en tilgængelig PDF" in text
    assert "Ikke en tilgængelig PDF; vises med tekstalternativ." in text
    untagged = tmf_report.attachments.get(title="Kort")
    assert untagged.tagged is False and untagged.alt_text == "Et kort over byen."
    response = upload(client, tmf_report, "tal.pdf", tagged_pdf("Tal"), title="Tal")
    assert response.status_code == 302
    assert tmf_report.attachments.get(title="Tal").tagged is True
    page = client.get(reverse("redegorelse:attachment-list", args=[tmf_report.pk])).content.decode()
    assert "Tal er ikke en tilgængelig PDF" not in page
