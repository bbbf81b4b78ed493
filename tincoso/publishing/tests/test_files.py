"""Images and attachments on items: re-encoded, described, checked, never foreign."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from tincoso.conftest import person_with
from tincoso.core.errors import PermissionDeniedError
from tincoso.publishing import services
from tincoso.publishing.images import ImageError, add_attachment, add_image
from tincoso.publishing.models import Item, ItemAttachment, ItemImage
from tincoso.units.models import Role, Unit


@pytest.fixture
def item(tree: dict[str, Unit]) -> Item:
    editor = person_with(Role.EDITOR, tree["commune"], "editor")
    return services.create_item(editor, tree["commune"], services.Draft(title="Tin có ảnh"))


def jpeg_with_exif() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    # A JPEG comment and an ICC profile can name a person or a device too.
    Image.new("RGB", (1600, 900), "red").save(
        out, "JPEG", exif=exif, comment=b"Nguyen Van A, Lai Chau", icc_profile=b"\0" * 128
    )
    return out.getvalue()


def test_an_image_is_re_encoded_without_metadata_with_a_small_rendition(item: Item) -> None:
    image = add_image(item.author, item, jpeg_with_exif(), "Cụm loa ở bản Nà Khum")
    for stored in (image.file, image.small):
        stored.seek(0)
        raw = stored.read()
        assert b"Nguyen Van A" not in raw and b"Camera Maker" not in raw
        with Image.open(io.BytesIO(raw)) as picture:
            assert not picture.getexif()
            assert "comment" not in picture.info and "icc_profile" not in picture.info
    with Image.open(image.small) as small:
        assert small.width == 640


@pytest.mark.parametrize(
    ("data", "alt"),
    [
        (b"not an image at all", "mô tả"),
        (jpeg_with_exif(), "   "),
    ],
)
def test_bad_images_are_refused_and_nothing_is_saved(item: Item, data: bytes, alt: str) -> None:
    with pytest.raises(ImageError):
        add_image(item.author, item, data, alt)
    assert not ItemImage.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("virus.exe", b"MZ"),
        ("fake.pdf", b"<html>"),
        ("empty.pdf", b""),
        ("big.txt", b"x" * (20 * 1024 * 1024 + 1)),
    ],
)
def test_bad_attachments_are_refused(item: Item, name: str, data: bytes) -> None:
    with pytest.raises(ImageError) as caught:
        add_attachment(item.author, item, name, data)
    assert caught.value.bilingual()["en"]
    assert not ItemAttachment.objects.exists()


def test_a_pdf_attachment_is_kept_and_only_editors_of_the_unit_may_add(
    tree: dict[str, Unit], item: Item
) -> None:
    add_attachment(item.author, item, "../../Kế hoạch.pdf", b"%PDF-1.4 tiny")
    [attachment] = item.attachments.all()
    assert attachment.name == "Kế hoạch.pdf"
    with pytest.raises(PermissionDeniedError):
        add_attachment(person_with(Role.EDITOR, tree["cell-a"]), item, "a.pdf", b"%PDF-1.4")


def test_the_attachment_form_posts(item: Item, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(item.author)
    client.post(
        f"/app/items/{item.pk}/attachment/",
        {"attachment": SimpleUploadedFile("mau.xlsx", b"PK\x03\x04 sheet")},
    )
    assert item.attachments.get().name == "mau.xlsx"
