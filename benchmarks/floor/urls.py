from django.shortcuts import render
from django.urls import path


def index(request):
    return render(request, "floor.html", {"title": "Floor", "items": range(10)})


urlpatterns = [path("", index)]
