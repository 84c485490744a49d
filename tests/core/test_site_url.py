"""PILOTE_SITE_URL: the address users open Pilote at, which links in e-mails start with."""

import pytest

from pilote.notifications.services import absolute_url
from tests.core.test_settings_environment import production_settings


def test_it_is_read_from_the_environment_without_its_trailing_slash(tmp_path):
    assert production_settings(
        tmp_path, ["PILOTE_SITE_URL"], PILOTE_SITE_URL="https://pilote.sante.gouv.fr/"
    ) == {"PILOTE_SITE_URL": "https://pilote.sante.gouv.fr"}


def test_the_demo_default_is_the_local_server(tmp_path):
    assert production_settings(tmp_path, ["PILOTE_SITE_URL"]) == {
        "PILOTE_SITE_URL": "http://127.0.0.1:8000"
    }


@pytest.mark.parametrize("value", ["pilote.sante.gouv.fr", "ftp://pilote.fr", "https://x.fr/?a=1"])
def test_a_malformed_address_stops_start_up(tmp_path, value):
    with pytest.raises(AssertionError, match="PILOTE_SITE_URL"):
        production_settings(tmp_path, ["PILOTE_SITE_URL"], PILOTE_SITE_URL=value)


def test_links_in_e_mails_start_with_it(settings):
    settings.PILOTE_SITE_URL = "https://pilote.sante.gouv.fr"
    assert absolute_url("/indicateurs/rapports/3/") == (
        "https://pilote.sante.gouv.fr/indicateurs/rapports/3/"
    )
