"""Borough reference data and the spellings published files use."""

from lib.reference.boroughs import all_boroughs, find_borough, mps_boroughs, non_borough_areas


def test_33_authorities_32_policed_by_the_met():
    assert len(all_boroughs()) == 33
    assert len(mps_boroughs()) == 32
    assert "City of London" not in {b.name for b in mps_boroughs()}


def test_published_spellings_resolve():
    assert find_borough("City of Westminster").code == "E09000033"
    assert find_borough("Richmond Upon Thames").code == "E09000027"
    assert find_borough("Richmond upon Thames").code == "E09000027"
    assert find_borough("Kingston-upon-Thames").name == "Kingston upon Thames"
    assert find_borough("Barking & Dagenham").name == "Barking and Dagenham"
    assert find_borough("e09000010").name == "Enfield"
    assert find_borough("London Borough of Enfield").name == "Enfield"


def test_non_boroughs_do_not_resolve_but_are_listed():
    for name in ("London Heathrow and London City Airports", "Unknown", "Aviation Security (SO18)"):
        assert find_borough(name) is None
        assert name in non_borough_areas()
    assert find_borough("Gotham") is None
