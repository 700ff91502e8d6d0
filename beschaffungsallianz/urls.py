from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from beschaffungsallianz.accounts import urls as accounts_urls
from beschaffungsallianz.api import api
from beschaffungsallianz.core import views as core_views
from beschaffungsallianz.core.sitemaps import PageSitemap
from beschaffungsallianz.search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(
        r"^media/(?P<directory>images|original_images)/(?P<path>.+)$",
        core_views.public_image,
        name="public-image",
    ),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("beschaffungsallianz.newsletter.urls")),
]

# Public pages: German without prefix, English under /en/.
urlpatterns += i18n_patterns(
    path("suche/", search_views.search_view, name="search"),
    path("konto/", include(accounts_urls.allauth_patterns)),
    path("konto/", include(accounts_urls)),
    path("mitgliederbereich/", include("beschaffungsallianz.exchange.urls")),
    path("", include("beschaffungsallianz.core.urls")),
    # Wagtail's URLs, its page view through core.views.serve (routing from a memo, exact).
    path("", include([p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"])),
    re_path(wagtail_urls.serve_pattern, core_views.serve, name="wagtail_serve"),
    prefix_default_language=False,
)
