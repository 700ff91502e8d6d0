"""Media in production (issue 7 item 3): public images are served, documents only through
Wagtail's document view, which keeps the permission checks of private collections.

The first test runs gunicorn with ``settings.production`` (as operators do without a proxy,
``SERVE_PUBLIC_IMAGES=true``); the others use the test client on the same URL conf and
middleware with ``DEBUG = False``.
"""

import hashlib
import io
import os
from email.utils import formatdate

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from beschaffungsallianz.core.tests.production_server import (
    Browser,
    database_url_for_server,
    gunicorn,
    production_environment,
)
from beschaffungsallianz.publications.tests.factories import pdf_bytes

IMAGE_CACHE_CONTROL = "public, max-age=604800"


def _png(width=240, height=160) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (0, 94, 130)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media():
    """A cover image with a rendition, a public document and one in a login-only collection."""
    cache.clear()  # Wagtail caches renditions: an earlier test's would have no file here
    image = get_image_model()(title="Titelseite", alt_text="Titelseite der Broschüre")
    image.file = ImageFile(io.BytesIO(_png()), name="titelseite.png")
    image.save()
    rendition = image.get_rendition("fill-120x80")

    Document = get_document_model()
    public = Document(title="Flyer")
    public.file.save("flyer.pdf", ContentFile(pdf_bytes(1)), save=False)
    public.save()

    root = Collection.get_first_root_node()
    internal = root.add_child(instance=Collection(name="Intern"))
    CollectionViewRestriction.objects.create(
        collection=internal, restriction_type=CollectionViewRestriction.LOGIN
    )
    private = Document(title="Protokoll", collection=internal)
    private.file.save("protokoll-intern.pdf", ContentFile(pdf_bytes(1)), save=False)
    private.save()
    return {"image": image, "rendition": rendition, "public": public, "private": private}


def _bytes(field_file) -> bytes:
    with open(field_file.path, "rb") as handle:
        return handle.read()


@pytest.mark.django_db(transaction=True)
def test_gunicorn_with_production_settings_serves_renditions_but_not_private_documents(
    media, collected_static, settings, tmp_path
):
    environment = production_environment(
        DATABASE_URL=database_url_for_server(tmp_path),
        STATIC_ROOT=str(collected_static),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        CACHE_URL="locmem://",  # nothing here uses the cache; saves creating its table
        SERVE_PUBLIC_IMAGES="true",
    )
    rendition_url = media["rendition"].url
    assert rendition_url.startswith("/media/images/")
    browser = Browser()

    with gunicorn(environment, tmp_path / "gunicorn.log") as port:
        rendition = browser.get(port, rendition_url)
        original = browser.get(port, media["image"].file.url)
        public = browser.get(port, media["public"].url)
        private = browser.get(port, media["private"].url)
        private_file = browser.get(port, "/media/" + media["private"].file.name)
        sneaking = browser.get(port, "/media/images/../" + media["private"].file.name)

    assert rendition.status == 200, rendition
    assert rendition.headers["Content-Type"] == "image/png"
    assert rendition.headers["Cache-Control"] == IMAGE_CACHE_CONTROL
    assert rendition.body == _bytes(media["rendition"].file)
    assert original.status == 200, original
    assert original.body == _bytes(media["image"].file)
    assert public.status == 200, public
    assert public.body == _bytes(media["public"].file)
    assert private.status == 302, private
    assert private.headers["Location"].startswith("/_util/login/?next=/documents/")
    assert private_file.status == 404
    assert sneaking.status == 404
    assert b"%PDF" not in private.body + private_file.body + sneaking.body


# --- The same URL conf and middleware in-process, DEBUG = False ---


@pytest.fixture
def serve_images(settings):
    settings.DEBUG = False
    settings.SERVE_PUBLIC_IMAGES = True
    return settings


@pytest.mark.django_db
def test_images_are_404_unless_serving_is_switched_on(client, media, settings):
    """The defect: without DEBUG nothing served /media/ (nginx must, or this setting)."""
    settings.DEBUG = False
    settings.SERVE_PUBLIC_IMAGES = False

    assert client.get(media["rendition"].url).status_code == 404


@pytest.mark.django_db
def test_rendition_is_served_with_cache_headers_and_no_cookie(client, media, serve_images):
    response = client.get(media["rendition"].url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _bytes(media["rendition"].file)
    assert response["Cache-Control"] == IMAGE_CACHE_CONTROL
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "Last-Modified" in response
    assert not response.cookies


@pytest.mark.django_db
def test_unchanged_rendition_answers_304(client, media, serve_images):
    modified = formatdate(os.path.getmtime(media["rendition"].file.path) + 60, usegmt=True)

    response = client.get(media["rendition"].url, HTTP_IF_MODIFIED_SINCE=modified)

    assert response.status_code == 304


@pytest.mark.django_db
def test_head_is_served_and_other_methods_are_refused(client, media, serve_images):
    assert client.head(media["rendition"].url).status_code == 200
    assert client.post(media["rendition"].url).status_code == 405
    assert client.delete(media["rendition"].url).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/{document}",
        "/media/images/../documents/{document}",
        "/media/images/%2e%2e/documents/{document}",
        "/media/images/..%2fdocuments/{document}",
        "/media/original_images/../../media/documents/{document}",
        "/media/images/%2Fetc%2Fpasswd",
        "/media/images/",
        "/media/images/.",
        "/media/images/nicht-da.png",
    ],
)
def test_nothing_but_image_files_is_served(client, media, serve_images, path):
    document = os.path.basename(media["private"].file.name)

    response = client.get(path.format(document=document))

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_symlink_out_of_the_images_directory_is_not_followed(client, media, serve_images):
    link = os.path.join(os.path.dirname(media["rendition"].file.path), "link.pdf")
    os.symlink(media["private"].file.path, link)

    assert client.get("/media/images/link.pdf").status_code == 404


# --- Documents: always through Wagtail's view; nginx sends the bytes after the check ---


@pytest.fixture
def x_accel(settings):
    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT)
    settings.SENDFILE_URL = "/internal-media"
    return settings


@pytest.mark.django_db
def test_private_document_is_never_handed_to_nginx_without_the_permission_check(
    client, media, x_accel
):
    response = client.get(media["private"].url)

    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=/documents/")
    assert "X-Accel-Redirect" not in response
    assert b"%PDF" not in response.content


@pytest.mark.django_db
def test_private_document_goes_to_nginx_after_login(client, member, media, x_accel):
    client.force_login(member)

    response = client.get(media["private"].url)

    assert response.status_code == 200
    name = os.path.basename(media["private"].file.name)
    assert response["X-Accel-Redirect"] == f"/internal-media/documents/{name}"
    assert response.content == b""  # nginx sends the file
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.django_db
def test_public_document_goes_to_nginx(client, media, x_accel):
    response = client.get(media["public"].url)

    assert response.status_code == 200
    name = os.path.basename(media["public"].file.name)
    assert response["X-Accel-Redirect"] == f"/internal-media/documents/{name}"


@pytest.mark.django_db
def test_without_x_accel_documents_are_streamed_by_django(client, member, media):
    response = client.get(media["public"].url)

    assert response.status_code == 200
    assert "X-Accel-Redirect" not in response
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).digest() == hashlib.sha256(_bytes(media["public"].file)).digest()
