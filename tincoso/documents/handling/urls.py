from django.urls import path

from tincoso.documents.handling import views

urlpatterns = [
    path(
        "app/dispatches/<int:pk>/instructions/",
        views.instructions_page,
        name="handling-instructions",
    ),
    path("app/dispatches/<int:pk>/slip/", views.slip, name="handling-slip"),
    path(
        "app/documents/<int:pk>/instructions/",
        views.document_instructions_page,
        name="handling-document-instructions",
    ),
    path("app/documents/<int:pk>/slip/", views.document_slip, name="handling-document-slip"),
    path("app/handling/", views.mine, name="handling-mine"),
    path("app/handling/<int:pk>/", views.assignment, name="handling-assignment"),
]
