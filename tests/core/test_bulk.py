"""The bulk helpers that imports use: one-parameter `__in` lists and updates with history."""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError

from pilote.acteurs.models import Organisation
from pilote.core import bulk
from pilote.core.bulk import among, update_with_history


def test_among_matches_strings_and_integers_like_in(world):
    orgs = list(Organisation.objects.order_by("pk")[:3])
    names = [o.name for o in orgs] + ["aucune structure de ce nom"]
    by_name = Organisation.objects.filter(name__in=among(names))
    assert sorted(by_name.values_list("pk", flat=True)) == sorted(o.pk for o in orgs)
    by_pk = Organisation.objects.filter(pk__in=among([orgs[0].pk, 10**9]))
    assert list(by_pk) == [orgs[0]]
    assert not Organisation.objects.filter(pk__in=among([])).exists()


def test_update_with_history_sets_each_row_and_records_before_and_after(world):
    first, second = Organisation.objects.order_by("pk")[:2]
    Organisation.history.filter(id=second.pk).delete()  # as if written by a bulk import
    first_rows = first.history.count()
    update_with_history(
        Organisation,
        ["city"],
        {first.pk: {"city": "DIJON"}, second.pk: {"city": "BESANÇON"}},
        acting_user=world.bfc.users[next(iter(world.bfc.users))],
        reason="Test",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.city, second.city) == ("DIJON", "BESANÇON")
    after = second.history.latest()
    assert (after.history_type, after.city) == ("~", "BESANÇON")
    assert after.history_change_reason == "Test"
    assert after.name == second.name  # the whole row, not only the changed field
    before = after.prev_record
    assert before is not None and before.history_type == "+" and before.city != "BESANÇON"
    assert first.history.count() == first_rows + 1  # it had history: no "before" row added
    assert second.history.count() == 2


def test_stream_writer_inserts_every_row_or_fails_in_the_callers_transaction(db, monkeypatch):
    """Rows written while the caller produces more: whole statements and the remainder all
    land; a row the database refuses raises in the caller (Django's IntegrityError), the
    caller goes on writing without blocking, and its transaction rolls every row back."""
    monkeypatch.setattr(bulk, "STREAM_ROWS", 7)  # several full statements and a remainder
    table, columns = ContentType._meta.db_table, ["app_label", "model"]
    before = ContentType.objects.count()
    with transaction.atomic(), bulk.stream_writer(table, columns) as write:
        for i in range(23):
            write(("flux", f"modele{i}"))
    assert ContentType.objects.filter(app_label="flux").count() == 23
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        bulk.stream_writer(table, columns) as write,
    ):
        for i in range(200):  # far more statements than the queue holds after the failure
            write(("doublon", f"modele{i}" if i != 3 else "modele0"))
    assert not ContentType.objects.filter(app_label="doublon").exists()
    assert ContentType.objects.count() == before + 23
    assert not [t for t in threading.enumerate() if t.name == "pilote-inserts"]


def test_stream_writer_abandons_the_rest_when_the_caller_fails(db, monkeypatch):
    """An error of the caller (a problem found in the file) stops the writing: it is the error
    raised, not a database one, and nothing stays written."""
    monkeypatch.setattr(bulk, "STREAM_ROWS", 7)
    table, columns = ContentType._meta.db_table, ["app_label", "model"]
    with (
        pytest.raises(ValueError, match="ligne 12"),
        transaction.atomic(),
        bulk.stream_writer(table, columns) as write,
    ):
        for i in range(30):
            write(("abandon", f"modele{i}"))
        write(("abandon", "modele0"))  # a duplicate left pending: never sent
        raise ValueError("problème ligne 12")
    assert not ContentType.objects.filter(app_label="abandon").exists()
    assert not [t for t in threading.enumerate() if t.name == "pilote-inserts"]


def test_stream_writer_refuses_to_write_outside_a_transaction_on_sqlite(transactional_db):
    """On SQLite the rows go in several statements: outside a transaction each would commit
    alone. PostgreSQL's single COPY is all or nothing by itself."""
    table, columns = ContentType._meta.db_table, ["app_label", "model"]
    if connection.vendor == "sqlite":
        with pytest.raises(TransactionManagementError), bulk.stream_writer(table, columns):
            pass
    else:
        with bulk.stream_writer(table, columns) as write:
            write(("hors", "transaction"))
        assert ContentType.objects.filter(app_label="hors").count() == 1
