"""The footprint page's notes name what they warn about: the factors published as CO2e with
another GWP set (which cannot be re-weighted to the model's GWP set), in Chinese and English."""

from __future__ import annotations

import pytest

from tests.api.conftest import World, sign_in
from tests.support.html_tables import section_tables

#: the LFP demo model's factors published as CO2e under AR5 (DESNZ), read from the model file
AR5_FACTORS = ("desnz-li-ion-battery-material", "desnz-aluminium-primary",
               "desnz-aluminium-closed-loop", "desnz-steel-primary", "desnz-plastics-average")


@pytest.mark.parametrize(("lang", "named"), [
    ("zh_CN", "desnz-li-ion-battery-material「锂离子电池（原生材料生产，代理值）」（AR5）"),
    ("en", 'desnz-li-ion-battery-material "Batteries - Li ion, primary material production '
           '(proxy)" (AR5)'),
])
def test_the_gwp_warning_names_every_factor_in_the_pages_language(world: World, lang: str,
                                                                   named: str) -> None:
    sign_in(world.client, world.a.tenant.viewer)
    page = world.client.get(f"/footprints/{world.a.footprint_id}", params={"lang": lang}).text
    assert section_tables(page, "provenance")  # the notes follow the provenance table
    notes = page[page.index('<ul class="warnings">'):]
    notes = notes[:notes.index("</ul>")]
    warning = next(line for line in notes.split("<li>") if "AR6" in line)
    assert warning.startswith("5 ")
    assert all(f in warning for f in AR5_FACTORS)
    assert named.replace('"', "&#34;") in warning  # as the page escapes quotes
