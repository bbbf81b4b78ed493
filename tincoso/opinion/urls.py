from django.urls import path

from tincoso.opinion import collaborator_views, dashboard, tag_views, taxonomy_views, views
from tincoso.opinion.examples import views as examples

urlpatterns = [
    path("app/opinion/", dashboard.dashboard, name="opinion-dashboard"),
    path("app/opinion/notes/", views.note_list, name="opinion-notes"),
    path("app/opinion/notes/new/", views.note_new, name="opinion-note-new"),
    path("app/opinion/notes/<int:pk>/", views.note_detail, name="opinion-note"),
    path("app/opinion/notes/<int:pk>/edit/", views.note_edit, name="opinion-note-edit"),
    path("app/opinion/topics/", tag_views.tag_queue, name="opinion-tags"),
    path("app/opinion/topics/<int:pk>/", tag_views.tag_confirm, name="opinion-tag"),
    path("app/opinion/taxonomy/", taxonomy_views.topic_list, name="opinion-taxonomy"),
    path("app/opinion/taxonomy/<int:pk>/", taxonomy_views.topic_edit,
         name="opinion-taxonomy-topic"),
    path("app/opinion/respond/", tag_views.respond, name="opinion-respond"),
    path("app/opinion/collaborators/<slug:code>/", collaborator_views.collaborators,
         name="opinion-collaborators"),
    path("app/opinion/examples/", examples.example_list, name="opinion-examples"),
    path("app/opinion/examples/new/", examples.example_new, name="opinion-example-new"),
    path("app/opinion/examples/<int:pk>/", examples.example_detail, name="opinion-example"),
    path("app/opinion/examples/<int:pk>/photo/<int:photo_id>/", examples.example_photo,
         name="opinion-example-photo"),
    path("app/opinion/examples/<int:pk>/decide/", examples.example_decide,
         name="opinion-example-decide"),
]
