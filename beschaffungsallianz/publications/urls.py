"""The publications app has no plain Django views: its public pages are Wagtail pages
(PublicationIndexPage, and RulesOfProcedurePage with its routes version/<id>/ and vergleich/)."""

app_name = "publications"

urlpatterns = []
