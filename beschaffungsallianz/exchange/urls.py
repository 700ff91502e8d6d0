"""/mitgliederbereich/ (German paths in both languages; English under /en/mitgliederbereich/).
Every view is ``access.members_only``: login, membership, and a private answer."""

from django.urls import path

from beschaffungsallianz.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.start, name="start"),
    path("austausch/", views.thread_list, name="thread-list"),
    path("austausch/neu/", views.thread_create, name="thread-create"),
    path("austausch/<int:pk>/", views.thread_detail, name="thread-detail"),
    path("austausch/<int:pk>/folgen/", views.subscription, name="thread-subscription"),
    path("austausch/beitrag/<int:pk>/bearbeiten/", views.post_edit, name="post-edit"),
    path("austausch/beitrag/<int:pk>/melden/", views.post_report, name="post-report"),
    path("austausch/beitrag/<int:pk>/hilfreich/", views.helpful, name="post-helpful"),
    path("austausch/anhang/<int:pk>/", views.attachment, name="attachment"),
    path("mitglieder/", views.member_directory, name="directory"),
]
