import pytest


@pytest.fixture(autouse=True)
def _send_at_once(immediate_tasks):
    """E-mails are enqueued as tasks; here they are sent as soon as the change commits, so that
    `mail.outbox` holds them (the worker's own tests are in tests/taches/)."""
