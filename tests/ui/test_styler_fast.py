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
