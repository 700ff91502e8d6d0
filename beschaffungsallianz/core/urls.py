from django.urls import path

from beschaffungsallianz.core import views
from beschaffungsallianz.core.feeds import NewsFeed

app_name = "core"

urlpatterns = [
    path("aktuelles/feed/", NewsFeed(), name="news-feed"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("formular-token/", views.form_token, name="form-token"),
]
