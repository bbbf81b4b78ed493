from django.urls import include, path

from tincoso.documents import import_views, sender_views, views
from tincoso.documents.registers import urls as register_urls

urlpatterns = [
    path("app/documents/", views.register, name="document-register"),
    path("app/documents/new/", import_views.upload, name="document-upload"),
    path("app/documents/imports/<int:pk>/", import_views.progress, name="document-import"),
    path("app/documents/<int:pk>/", views.detail, name="document-detail"),
    path("app/documents/<int:pk>/edit/", views.edit, name="document-edit"),
    path("app/documents/<int:pk>/dispatch/", views.dispatch, name="document-dispatch"),
    path("app/documents/<int:pk>/cascade/", views.cascade, name="document-cascade"),
    path("app/documents/<int:pk>/file/", views.download, name="document-file"),
    path(
        "app/documents/<int:pk>/original/<int:page>.png",
        views.original_page,
        name="document-original-page",
    ),
    path("app/inbox/", views.inbox_home, name="inbox-home"),
    path("app/inbox/<slug:code>/", views.inbox, name="inbox"),
    path("app/dispatches/<int:pk>/", views.dispatch_detail, name="dispatch-detail"),
    path(
        "app/dispatches/<int:pk>/attachments/<int:attachment_id>/",
        views.dispatch_attachment,
        name="dispatch-attachment",
    ),
    # Before the catch-all action below: instructions, the slip, handlers' pages.
    path("", include("tincoso.documents.handling.urls")),
    # Before the generic action below, which would take "return" as its action.
    path("app/dispatches/<int:pk>/return/", sender_views.return_view, name="dispatch-return"),
    path("app/documents/<int:pk>/revoke/", sender_views.revoke_view, name="document-revoke"),
    path("app/documents/<int:pk>/replace/", sender_views.replace_view, name="document-replace"),
    path("app/dispatches/<int:pk>/<str:action>/", views.dispatch_action, name="dispatch-action"),
    *register_urls.urlpatterns,
]
