"""Every check has valid metadata, a unique id that is not axe's, and the catalog and the
checks agree on which criteria each gives evidence for."""
from a11y.catalog import STANDARDS, load_catalog
from a11y.checks import all_checks
from a11y.engines.axe import known_rule_ids
from a11y.engines.checks import applies_to, selected_checks


def test_every_check_loads_its_metadata():
    for check in all_checks():
        meta = check.meta
        assert meta.id == check.id and meta.title and meta.help and (meta.wcag or meta.best_practice)


def test_check_ids_are_not_axe_rule_ids(browser_loop):
    axe_ids = browser_loop.call(known_rule_ids)
    assert "image-alt" in axe_ids  # the positive control: axe's ids were read
    assert not {c.id for c in all_checks()} & axe_ids


def test_catalog_and_checks_name_each_other():
    ids = {c.id for c in all_checks()}
    for standard in STANDARDS:
        catalog = load_catalog(standard)
        for criterion in catalog.criteria:
            for named in criterion.checks:
                assert named in ids, f"{standard} {criterion.num} names unknown check {named!r}"
        for check in all_checks():
            for num in check.meta.wcag:
                criterion = catalog.get(num)
                if criterion is not None and num not in catalog.obsolete:
                    assert check.id in criterion.checks, f"{check.id} gives evidence for {num}; list it there"


def test_a_check_runs_only_for_standards_with_its_criteria():
    for check in all_checks():
        for standard in STANDARDS:
            catalog = load_catalog(standard)
            nums = {c.num for c in catalog.criteria if c.num not in catalog.obsolete}
            expected = (not check.meta.best_practice) and any(n in nums for n in check.meta.wcag)
            assert applies_to(check, standard, best_practice=False) == expected
    # --rules and --disable-rules name checks by id.
    for check in all_checks():
        assert selected_checks("wcag22aa", True, rules=[check.id]) == [check]
        assert check not in selected_checks("wcag22aa", True, disable_rules=[check.id])


def test_parsing_runs_for_section508_and_wcag21_but_not_for_wcag22_where_4_1_1_is_obsolete():
    parsing = next(c for c in all_checks() if c.id == "parsing-markup")
    assert [applies_to(parsing, s, best_practice=True) for s in STANDARDS] == [True, True, False]
    assert load_catalog("section508").get("4.1.1").checks == ("parsing-markup",)
    assert load_catalog("wcag22aa").get("4.1.1").checks == ()  # still listed, with no evidence gathered


def test_the_metadata_files_name_exactly_the_checks():
    # check_ids() reads the file names, so that a scan need not import every check to know them.
    from a11y.engines.checks import check_ids
    assert check_ids() == {c.id for c in all_checks()}
