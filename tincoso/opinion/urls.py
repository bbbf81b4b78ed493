from django.urls import path

from tincoso.opinion import collaborator_views, dashboard, tag_views, views

urlpatterns = [
    path("app/opinion/", dashboard.dashboard, name="opinion-dashboard"),
    path("app/opinion/notes/", views.note_list, name="opinion-notes"),
    path("app/opinion/notes/new/", views.note_new, name="opinion-note-new"),
    path("app/opinion/notes/<int:pk>/", views.note_detail, name="opinion-note"),
    path("app/opinion/notes/<int:pk>/edit/", views.note_edit, name="opinion-note-edit"),
    path("app/opinion/topics/", tag_views.tag_queue, name="opinion-tags"),
    path("app/opinion/topics/<int:pk>/", tag_views.tag_confirm, name="opinion-tag"),
    path("app/opinion/respond/", tag_views.respond, name="opinion-respond"),
    path("app/opinion/collaborators/<slug:code>/", collaborator_views.collaborators,
         name="opinion-collaborators"),
]
