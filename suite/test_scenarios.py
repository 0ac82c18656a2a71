"""Every scenario case under suite/scenarios/ and suite/generated/ as a test
(docs/SCENARIOS.md, docs/SUITE.md)."""

import pytest

import check
import hostcaps
import scenarios

# Each case with the outcome this host's flavour expects (docs/HOST.md).
CASES = scenarios.load_all(flavour=hostcaps.flavour())


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_scenario(case, tmp_path, host_caps, update_golden, request):
    outcome = check.run_case(case, tmp_path, caps=host_caps, update_golden=update_golden)
    if outcome.golden_written:
        # Reaches the controller's terminal summary, with xdist too (conftest.py).
        request.node.user_properties.append(
            ("golden_written", check.rel(outcome.golden_written)))
    if outcome.verdict == check.SKIP:
        pytest.skip(outcome.message)
    if outcome.verdict == check.FAIL:
        pytest.fail(outcome.message, pytrace=False)
