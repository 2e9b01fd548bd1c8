"""lib/ui/styler_fast.py: a styled table's display values, a column at a time, equal Streamlit's own."""

import pandas as pd
import pyarrow as pa
from streamlit.elements.lib import pandas_styler_utils as psu
from streamlit.proto.ArrowData_pb2 import ArrowData

from lib.ui import styler_fast, tables


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "area_name": pd.array(["Enfield", "Barnet", None], dtype="string"),
        "current": [11770.0, 5.0, None], "pct_change": [-3.25, None, 12.0],
        "rank": pd.array([3, None, 1], dtype="Int64"), "meets": [True, False, True],
    })


def _marshalled(styler, fn) -> ArrowData:
    psu._use_display_values = fn
    try:
        proto = ArrowData()
        psu.marshall_styler(proto, styler.set_uuid("t"), "t")
        return proto
    finally:
        styler_fast.install()


def test_installed_and_the_same_table_as_streamlit_gives() -> None:
    assert styler_fast.installed()
    for chosen in (None, "Barnet"):
        mine = _marshalled(tables.styled(_table(), None, chosen), styler_fast.use_display_values)
        theirs = _marshalled(tables.styled(_table(), None, chosen), styler_fast._original)
        assert mine.data == theirs.data and mine.styler.styles == theirs.styler.styles
        got = pa.ipc.open_stream(mine.styler.display_values).read_all()
        want = pa.ipc.open_stream(theirs.styler.display_values).read_all()
        assert got.equals(want, check_metadata=True)
        assert got.column(3).to_pylist()[1] == tables.MISSING  # a missing rank reads as a dash


def test_a_column_not_wholly_formatted_goes_the_original_way() -> None:
    df = pd.DataFrame({"a": [1.5, 2.0, None], "b": ["x", "y", "z"]})
    styles = {"body": [[{"id": "row0_col0", "display_value": "1.50"}, {"id": "row0_col1", "display_value": "X"}],
                       [{"id": "row1_col1", "display_value": "Y"}],
                       [{"id": "row2_col1", "display_value": "Z"}, {"id": "level0_row2", "display_value": "2"}]]}
    pd.testing.assert_frame_equal(styler_fast.use_display_values(df, styles), styler_fast._original(df, styles))
    assert styler_fast.use_display_values(df, styles)["b"].tolist() == ["X", "Y", "Z"]


def _bytes(styler) -> bytes:
    proto = ArrowData()
    psu.marshall_styler(proto, styler.set_uuid("t"), "t")
    return proto.SerializeToString()


def test_drawn_directly_sends_the_same_table_as_pandas_layout() -> None:
    """The table as Streamlit marshals it (values, display texts, the chosen rows' CSS) is byte for byte
    what pandas' own layout gives, with and without a chosen area, and for an empty table."""
    for table in (_table(), _table().iloc[0:0]):
        for chosen in (None, "Barnet", "Enfield"):
            expected = _bytes(tables.styled(table, {"Current": "{:,.0f}"}, chosen))
            style, rows = tables._styled(table, {"Current": "{:,.0f}"}, chosen)
            assert styler_fast.drawn_directly(style, rows, tables.CHOSEN_PROPS) is style
            assert "_translate" in vars(style)  # answered directly, not by pandas
            assert _bytes(style) == expected
    style, rows = tables._styled(_table(), None, "Barnet")
    styler_fast.drawn_directly(style, rows, tables.CHOSEN_PROPS)
    proto = ArrowData()
    psu.marshall_styler(proto, style.set_uuid("t"), "t")
    assert proto.styler.styles == "#T_t_row1_col0, #T_t_row1_col1, #T_t_row1_col2, #T_t_row1_col3, " \
                                  "#T_t_row1_col4 { background-color: #FFF1C2; font-weight: bold }"


def test_a_column_formatted_cell_by_cell_keeps_pandas_layout() -> None:
    style = pd.DataFrame({"a": [1.5, 2.0]}).style.format("{:.2f}", subset=pd.IndexSlice[0, "a"])
    assert styler_fast.drawn_directly(style, [False, False], tables.CHOSEN_PROPS) is style
    assert "_translate" not in vars(style)
