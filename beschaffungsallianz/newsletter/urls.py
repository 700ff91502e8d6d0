from django.urls import path

from beschaffungsallianz.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path(
        "newsletter-abmelden/<uuid:key>/<str:signature>/",
        views.one_click_unsubscribe,
        name="one-click-unsubscribe",
    ),
]
