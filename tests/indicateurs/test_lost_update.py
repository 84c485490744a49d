"""Two users saving the same value: the second sees a conflict naming who saved what, never a
silent overwrite (optimistic version carried by the form, checked under a row lock)."""

import html
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse

from pilote.comptes.models import Role
from pilote.indicateurs.imports import import_values
from pilote.indicateurs.models import DataElement, DataValue
from pilote.indicateurs.values import ValueConflict, save_value, version_of


@pytest.fixture
def entry(world, campaign):
    report = campaign.reports.get(region=world.bfc.region)
    manager = world.bfc.users[Role.GRADES_MANAGER]
    officer = world.bfc.users[Role.ARS_OFFICER]
    officer.first_name, officer.last_name = "Aline", "Martin"
    officer.save()
    return report, manager, officer, DataElement.objects.get(code="ES_TOTAL")


def test_the_second_save_of_a_value_both_saw_empty_is_a_conflict(entry):
    report, manager, officer, element = entry
    save_value(acting_user=officer, report=report, element=element, raw="42", version="")
    history = DataValue.history.count()
    with pytest.raises(ValueConflict) as caught:
        save_value(acting_user=manager, report=report, element=element, raw="40", version="")
    message = caught.value.message
    assert "modifiée entre-temps par Aline Martin" in message
    assert ": 42." in message and "Votre saisie (40) n'a pas été enregistrée" in message
    assert DataValue.objects.get().value == 42
    assert DataValue.history.count() == history


def test_a_save_from_the_current_version_goes_through_and_makes_the_old_one_stale(entry):
    report, manager, officer, element = entry
    first = save_value(acting_user=officer, report=report, element=element, raw="42", version="")
    seen = first.version
    second = save_value(acting_user=manager, report=report, element=element, raw="43", version=seen)
    assert second.version != seen and DataValue.objects.get().value == 43
    with pytest.raises(ValueConflict, match="entre-temps par"):
        save_value(acting_user=officer, report=report, element=element, raw="44", version=seen)
    assert DataValue.objects.get().value == 43
    # clearing a value someone changed is a conflict too; clearing the current one works
    with pytest.raises(ValueConflict):
        save_value(acting_user=officer, report=report, element=element, raw="", version=seen)
    save_value(acting_user=officer, report=report, element=element, raw="", version=second.version)
    assert not DataValue.objects.exists()
    with pytest.raises(ValueConflict, match="effacée entre-temps"):
        save_value(
            acting_user=manager, report=report, element=element, raw="7", version=second.version
        )
    assert not DataValue.objects.exists()


def test_both_typing_the_same_value_is_not_a_conflict(entry):
    report, manager, officer, element = entry
    save_value(acting_user=officer, report=report, element=element, raw="42", version="")
    result = save_value(acting_user=manager, report=report, element=element, raw="42", version="")
    assert result.value.value == 42 and result.value.updated_by == officer


def test_an_import_after_the_form_was_loaded_is_not_overwritten(entry, campaign):
    report, manager, officer, element = entry
    seen = save_value(acting_user=manager, report=report, element=element, raw="42").version
    header = "dataElement;option;orgUnit;period;value;comment\n"
    csv = f"{header}ES_TOTAL;;{report.region.code};2026S2;50;\n"
    result = import_values(
        acting_user=officer, campaign=campaign, data=csv.encode(), file_format="csv", filename="f"
    )
    assert result.updated == 1
    with pytest.raises(ValueConflict, match=": 50."):
        save_value(acting_user=manager, report=report, element=element, raw="45", version=seen)
    assert DataValue.objects.get().value == 50


def test_the_entry_page_shows_the_conflict_and_the_stored_value(client, entry):
    report, manager, officer, element = entry
    url = reverse("indicateurs:value_save", args=[report.pk])
    key = f"{element.pk}-"
    client.force_login(manager)
    page = client.get(reverse("indicateurs:report", args=[report.pk])).content.decode()
    assert f'id="version-{key}" name="version" value=""' in page
    save_value(acting_user=officer, report=report, element=element, raw="42", comment="ARS")
    stored = DataValue.objects.get()
    answer = client.post(
        url, {"element": element.pk, "value": "40", "comment": "", "version": ""}
    ).content.decode()
    text = html.unescape(answer)
    assert 'role="alert"' in answer and "modifiée entre-temps par Aline Martin" in text
    assert "Votre saisie (40) n'a pas été enregistrée" in text
    # out of band: the field now shows the stored value, its comment and its version
    assert f'<span id="value-{key}" hx-swap-oob="true">' in answer
    assert f'value="{version_of(stored)}"' in answer and 'value="42"' in answer
    assert f'id="comment-{key}"' in answer and 'value="ARS"' in answer
    assert DataValue.objects.get().value == 42
    # saving again from the version received goes through, and sends the next version
    saved = client.post(
        url, {"element": element.pk, "value": "40", "comment": "", "version": version_of(stored)}
    ).content.decode()
    assert "Enregistré" in saved and "entre-temps" not in saved
    assert f'value="{version_of(DataValue.objects.get())}" hx-swap-oob="true"' in saved
    assert DataValue.objects.get().value == 40


def _in_thread(work):
    """Run `work` in a thread with its own connection; (thread, outcome list)."""
    outcome = []

    def run():
        try:
            outcome.append(work())
        except Exception as exc:  # noqa: BLE001 - the test reads it
            outcome.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stored_before", [False, True], ids=["new value", "existing value"])
def test_two_concurrent_saves_one_wins_the_other_waits_then_conflicts(entry, stored_before):
    """A holds its transaction open after saving; B, who loaded the same version, must wait
    for A (row lock on PostgreSQL, the unique index for a new value; the write lock on SQLite)
    and then see A's value, not overwrite it."""
    report, manager, officer, element = entry
    version = ""
    if stored_before:
        version = save_value(acting_user=manager, report=report, element=element, raw="1").version
    saved, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            save_value(
                acting_user=officer, report=report, element=element, raw="42", version=version
            )
            saved.set()
            release.wait(10)
        return "saved"

    def second():
        return save_value(
            acting_user=manager, report=report, element=element, raw="40", version=version
        )

    a, a_outcome = _in_thread(first)
    assert saved.wait(10)
    b, b_outcome = _in_thread(second)
    b.join(1.0)
    assert b.is_alive(), "the second save did not wait for the first one's transaction"
    release.set()
    a.join(10)
    b.join(20)
    assert a_outcome == ["saved"]
    assert isinstance(b_outcome[0], ValueConflict), b_outcome
    assert "Aline Martin" in b_outcome[0].message and ": 42." in b_outcome[0].message
    assert DataValue.objects.get().value == 42
