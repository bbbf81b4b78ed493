"""Tree operations: create, move, import, export, and bad input that changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tincoso.conftest import person_with
from tincoso.core.errors import ConflictError, PermissionDeniedError
from tincoso.units import services, treefile
from tincoso.units.models import Role, Unit
from tincoso.units.services import TreeError, UnitData


def snapshot() -> list[tuple[str, str, str, str]]:
    return list(Unit.objects.order_by("path").values_list("code", "path", "name", "kind"))


def parent_code(code: str) -> str | None:
    parent = Unit.objects.get_parent(Unit.objects.get(code=code))
    return parent.code if parent else None


def test_moving_a_unit_takes_its_whole_subtree(tree: dict[str, Unit]) -> None:
    services.move_unit(None, tree["commune"], tree["committee"])
    assert parent_code("commune") == "committee"
    assert parent_code("village") == "commune"
    assert Unit.objects.get(code="village").is_within(Unit.objects.get(code="committee"))


def test_moving_a_unit_under_its_own_descendant_is_refused(tree: dict[str, Unit]) -> None:
    before = snapshot()
    with pytest.raises(TreeError) as caught:
        services.move_unit(None, tree["commune"], tree["village"])
    assert "Bản Nà Khum" in caught.value.bilingual()["en"]
    assert snapshot() == before


def test_a_move_needs_rights_on_both_ends(tree: dict[str, Unit]) -> None:
    admin = person_with(Role.ADMIN, tree["commune"])
    before = snapshot()
    with pytest.raises(PermissionDeniedError):
        services.move_unit(admin, tree["village"], tree["committee"])
    assert snapshot() == before


def test_creating_a_unit_with_a_taken_code_is_a_conflict(tree: dict[str, Unit]) -> None:
    with pytest.raises(ConflictError):
        services.create_unit(None, UnitData("village", "Bản khác", "village", parent="commune"))


def test_only_a_superuser_creates_a_root(tree: dict[str, Unit]) -> None:
    admin = person_with(Role.ADMIN, tree["province"])
    with pytest.raises(PermissionDeniedError):
        services.create_unit(admin, UnitData("other", "Tỉnh khác", "province"))


CSV_OK = """code,name,short_name,kind,parent
xa-moi,Xã Mới,,commune,province
ban-1,Bản Một,,village,xa-moi
ban-2,Bản Hai,,village,xa-moi
"""


def test_it_imports_a_csv_tree_under_existing_units(tree: dict[str, Unit]) -> None:
    result = treefile.import_tree_file(None, CSV_OK.encode(), "tree.csv")
    assert result.created == 3
    assert parent_code("ban-2") == "xa-moi"
    assert parent_code("xa-moi") == "province"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    tree: dict[str, Unit],
) -> None:
    treefile.import_tree_file(None, CSV_OK.encode(), "tree.csv")
    before = snapshot()
    result = treefile.import_tree_file(None, CSV_OK.encode(), "tree.csv")
    assert (result.created, result.updated, result.moved, result.unchanged) == (0, 0, 0, 3)
    assert snapshot() == before


def test_an_import_moves_a_unit_whose_parent_changed(tree: dict[str, Unit]) -> None:
    data = "code,name,kind,parent\nvillage,Bản Nà Khum,village,committee\n"
    result = treefile.import_tree_file(None, data.encode(), "tree.csv")
    assert result.moved == 1
    assert parent_code("village") == "committee"


def test_it_imports_nested_yaml(tree: dict[str, Unit]) -> None:
    data = """
units:
  - code: xa-yaml
    name: Xã Sơn Bình
    kind: commune
    parent: province
    children:
      - {code: ban-yaml, name: Bản Chu Va, kind: village}
"""
    treefile.import_tree_file(None, data.encode(), "tree.yaml")
    assert parent_code("ban-yaml") == "xa-yaml"


@pytest.mark.parametrize(
    ("content", "filename", "needle"),
    [
        ("code,name,kind,parent\nx,Xã X,commune,no-such-unit\n", "t.csv", "no-such-unit"),
        ("code,name,kind,parent\nx,Xã X,planet,province\n", "t.csv", "planet"),
        ("code,name,kind,parent\nx,Xã X,commune,province\nx,Xã Y,commune,province\n", "t.csv", "x"),
        ("code,name,kind,parent\na,A,commune,b\nb,B,commune,a\n", "t.csv", "→"),
        ("code,name,kind,parent\ncommune,Xã Đồng Tâm,commune,village\n", "t.csv", "→"),
        ("code,name\nx,X\n", "t.csv", "kind"),
        ("code,name,kind,parent\n,Không mã,commune,province\n", "t.csv", "Không mã"),
        ("units: [1, 2]", "t.yaml", ""),
        ("units: [unclosed", "t.yaml", ""),
        ("code,name,kind\n", "t.txt", ".csv"),
    ],
)
def test_a_bad_tree_file_is_refused_with_a_clear_error_and_changes_nothing(
    tree: dict[str, Unit], content: str, filename: str, needle: str
) -> None:
    before = snapshot()
    with pytest.raises(TreeError) as caught:
        treefile.import_tree_file(None, content.encode(), filename)
    both = caught.value.bilingual()
    assert both["vi"] and both["en"]
    assert needle in both["vi"]
    assert snapshot() == before


def test_a_file_that_is_not_utf8_is_refused(tree: dict[str, Unit]) -> None:
    with pytest.raises(TreeError):
        treefile.import_tree_file(None, "code,name,kind\nx,Xã,commune\n".encode("utf-16"), "t.csv")


def test_a_cycle_with_a_valid_row_before_it_saves_nothing(tree: dict[str, Unit]) -> None:
    before = snapshot()
    data = "code,name,kind,parent\nok,Xã Tốt,commune,province\na,A,commune,b\nb,B,commune,a\n"
    with pytest.raises(TreeError):
        treefile.import_tree_file(None, data.encode(), "t.csv")
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_export_then_import_into_an_empty_database_gives_the_same_tree(
    tree: dict[str, Unit], fmt: str
) -> None:
    before = snapshot()
    text = treefile.export_tree(fmt)
    Unit.objects.all().delete()
    treefile.import_tree_file(None, text.encode(), f"t.{fmt}")
    assert [(c, n, k) for c, _, n, k in snapshot()] == [(c, n, k) for c, _, n, k in before]
    assert parent_code("village") == "commune"


def test_the_units_command_imports_and_exports(tree: dict[str, Unit], tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "tree.csv"
    path.write_text(CSV_OK, encoding="utf-8")
    call_command("units", "import", str(path))
    out = tmp_path / "out.yaml"
    call_command("units", "export", "--format", "yaml", "--root", "xa-moi", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Bản Hai" in text and "Tỉnh Thử Nghiệm" not in text


def test_the_units_command_fails_clearly_on_a_cycle(tree: dict[str, Unit], tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management.base import CommandError

    path = tmp_path / "tree.csv"
    path.write_text("code,name,kind,parent\na,A,commune,b\nb,B,commune,a\n", encoding="utf-8")
    with pytest.raises(CommandError, match="→"):
        call_command("units", "import", str(path))


def test_the_paths_above_a_unit_run_from_the_root_to_the_unit(tree: dict[str, Unit]) -> None:
    cell = tree["cell-a"]
    above = cell.paths_above()
    assert above == [tree["province"].path, tree["committee"].path, cell.path]
    assert Unit.prefixes(cell.path) == above
    assert Unit.prefixes("") == []
