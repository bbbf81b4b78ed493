"""Staff pages for radio bulletins, under /app/bulletins/."""

from django.urls import path

from tincoso.broadcast.bulletins import views

urlpatterns = [
    path("app/bulletins/", views.bulletin_list, name="bulletin-list"),
    path("app/bulletins/new/", views.bulletin_edit, name="bulletin-new"),
    path("app/bulletins/from-item/<int:pk>/", views.bulletin_from_item, name="bulletin-from-item"),
    path("app/bulletins/<int:pk>/", views.bulletin_detail, name="bulletin-detail"),
    path("app/bulletins/<int:pk>/edit/", views.bulletin_edit, name="bulletin-edit"),
    path("app/bulletins/<int:pk>/recording/", views.bulletin_upload, name="bulletin-recording"),
    path(
        "app/bulletins/<int:pk>/variant/",
        views.bulletin_upload,
        {"variant": True},
        name="bulletin-variant",
    ),
    path("app/bulletins/<int:pk>/preview/", views.bulletin_preview, name="bulletin-preview"),
    path(
        "app/bulletins/<int:pk>/preview/<str:key>.mp3",
        views.bulletin_preview_audio,
        name="bulletin-preview-audio",
    ),
    path("app/bulletins/<int:pk>/audio.mp3", views.bulletin_audio, name="bulletin-audio"),
    path(
        "app/bulletins/<int:pk>/audio/<str:language>.mp3",
        views.variant_audio,
        name="bulletin-variant-audio",
    ),
    path("app/bulletins/<int:pk>/<str:action>/", views.bulletin_action, name="bulletin-action"),
]
