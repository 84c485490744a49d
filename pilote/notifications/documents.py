"""Documents attached to e-mails, built in the worker from an object's id (task arguments are
JSON): `send_emails(messages, documents=[[name, id], …])`."""

from django.urls import reverse


def _meeting(pk):
    from pilote.gouvernance.models import Meeting

    return Meeting.objects.select_related("body").get(pk=pk)


def convocation_ics(pk):
    from pilote.gouvernance.exports import meeting_ics
    from pilote.notifications.services import absolute_url

    meeting = _meeting(pk)
    url = absolute_url(reverse("gouvernance:meeting", args=[pk]))
    return (f"reunion-{pk}.ics", meeting_ics(meeting, url), "text/calendar")


def convocation_pdf(pk):
    from pilote.gouvernance.exports import convocation_pdf as build_pdf

    return (f"convocation-{pk}.pdf", build_pdf(_meeting(pk)), "application/pdf")


DOCUMENTS = {"convocation_ics": convocation_ics, "convocation_pdf": convocation_pdf}


def build(name: str, pk: int) -> tuple[str, bytes, str]:
    """(file name, content, MIME type) of the document `name` of object `pk`."""
    return DOCUMENTS[name](pk)
