"""Boundaries: the 33 London boroughs and the 2025 electoral wards, as WGS84 polygons.

Sources (Open Government Licence v3.0; contains National Statistics and Ordnance Survey data
© Crown copyright and database right):

- Boroughs: GLA 'Statistical GIS Boundary Files for London', London_Borough_Excluding_MHW, as the
  shapefile (EPSG:27700) or a GeoJSON conversion of it (``london_boroughs_wgs84.geojson``:
  properties NAME, GSS_CODE, HECTARES, ...). A generalised copy with properties
  ``code``/``name``/``area_hectares`` is also recognised. When several borough files are present
  the most detailed one (most vertices) is used and the others are named in the report.
- Wards: no 2022+ ward shapes are published with the data, so wards are built by dissolving the
  GLA LSOA 2021 polygons (``LB_LSOA2021_shp``: one shapefile per borough, zipped or loose) using
  the ONS 'LSOA (2021) to Electoral Ward (2025) to LAD (2025) Best Fit Lookup'. An LSOA is
  assigned wholly to the ward holding most of its population, so ward edges follow LSOA edges and
  are approximate (typically tens of metres, sometimes a whole LSOA off).

Tables: ``boroughs`` (simplified for web maps), ``boroughs_detailed`` (unsimplified, for
point-in-polygon), ``wards`` (simplified). Intermediate (not stored) tables for the census
adapters: ``_lsoa_ward_lookup`` and ``_wards_detailed`` (EPSG:27700).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from lib.errors import IngestError
from lib.geography import BNG, WGS84, simplify_for_web
from lib.ingest.base import IngestContext, read_csv_rows
from lib.reference.boroughs import all_boroughs, borough_by_code, find_borough
from lib.schema import Column, TableSchema

BOROUGH_TOLERANCE_M = 25.0  # web map simplification; boroughs_detailed keeps full detail
WARD_TOLERANCE_M = 20.0

BOUNDARY_SOURCE = (
    "GLA Statistical GIS Boundary Files for London (London_Borough_Excluding_MHW), OGL v3.0; "
    "contains National Statistics and Ordnance Survey data © Crown copyright and database right"
)

_BOROUGH_COLUMNS = (
    Column("borough_code", "str", "ONS GSS code of the local authority (E09000001..E09000033)"),
    Column("borough_name", "str", "Canonical borough name (lib/reference/boroughs.csv)"),
    Column("policed_by_mps", "bool", "True for the 32 boroughs the Metropolitan Police polices"),
    Column("inner", "bool", "True for Inner London (ONS statistical definition, lib/reference/boroughs.csv)"),
    Column("area_hectares", "float", "Area in hectares as published (land area, excluding water below MHW)"),
    Column("geometry", "geometry", "Borough polygon, WGS84 longitude/latitude (EPSG:4326)"),
)

BOROUGHS = TableSchema(
    name="boroughs",
    description=(
        "The 33 London local authorities (32 boroughs policed by the MPS plus the City of London) as "
        f"polygons for web maps: coverage-preserving simplification to within {BOROUGH_TOLERANCE_M:g} m "
        "(neighbours keep a shared edge, no gaps or overlaps). Boundaries stop at mean high water, so "
        "the Thames is outside every borough. For point-in-polygon use `boroughs_detailed`."
    ),
    source=BOUNDARY_SOURCE,
    columns=_BOROUGH_COLUMNS,
)

BOROUGHS_DETAILED = TableSchema(
    name="boroughs_detailed",
    description=(
        "The same 33 borough polygons at the full resolution of the source file (not simplified), "
        "for assigning points to boroughs (lib.geography.assign_borough); not for sending to a browser."
    ),
    source=BOUNDARY_SOURCE,
    columns=_BOROUGH_COLUMNS,
)

WARDS = TableSchema(
    name="wards",
    description=(
        "London electoral wards (2025 ward codes, WD25CD; the codes of the MPS ward crime file) as "
        "polygons for web maps. APPROXIMATE EDGES: built by dissolving the LSOA 2021 polygons with the "
        "ONS LSOA(2021)→ward(2025) best-fit lookup, so each ward is the union of the LSOAs whose "
        "population centre lies in it; edges follow LSOA edges, not the legal ward boundary. "
        f"Simplified to within {WARD_TOLERANCE_M:g} m, WGS84."
    ),
    source=(
        "GLA Statistical GIS Boundary Files for London, LSOA 2021 boundaries (LB_LSOA2021_shp); ONS "
        "'LSOA (2021) to Electoral Ward (2025) to LAD (2025) Best Fit Lookup in EW'. OGL v3.0; contains "
        "National Statistics and Ordnance Survey data © Crown copyright and database right"
    ),
    columns=(
        Column("ward_code", "str", "ONS GSS ward code (2025 wards, WD25CD)"),
        Column("ward_name", "str", "Ward name as in the ONS lookup (WD25NM)"),
        Column("borough_code", "str", "GSS code of the borough the ward is in"),
        Column("borough_name", "str", "Canonical borough name"),
        Column("area_hectares", "float", "Area of the dissolved (approximate) ward in hectares"),
        Column("lsoa_count", "int", "Number of LSOAs (2021) the ward was built from"),
        Column("geometry", "geometry", "Approximate ward polygon, WGS84 longitude/latitude"),
    ),
)


# --------------------------------------------------------------------------------------------------
# Reading helpers


def _shapefiles_in_zip(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as zf:
            return sorted(n for n in zf.namelist() if n.lower().endswith(".shp"))
    except (zipfile.BadZipFile, OSError):
        return []


def _fields(path: str | Path) -> list[str]:
    """Attribute field names of a vector file, or [] if it cannot be opened."""
    try:
        return [str(f) for f in pyogrio.read_info(str(path))["fields"]]
    except Exception:
        return []


def _read_vector(path: str | Path, shown: Path | str) -> gpd.GeoDataFrame:
    try:
        return pyogrio.read_dataframe(str(path))
    except Exception as e:  # corrupt or truncated file
        raise IngestError(shown, f"cannot be read as a boundary file: {e}") from None


def _vertex_count(gdf: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum())


_CODE_FIELDS = ("GSS_CODE", "code", "borough_code", "LAD11CD", "LAD22CD", "LAD24CD", "LAD25CD", "lad22cd")
_AREA_FIELDS = ("HECTARES", "area_hectares", "hectares")


def _pick(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    return next((c for c in candidates if c in columns), None)


def boroughs_from_file(gdf: gpd.GeoDataFrame, path: Path | str) -> gpd.GeoDataFrame:
    """The 33 borough rows of a borough boundary file, validated, full resolution, in WGS84.

    IngestError if the code column is missing, a feature's code is not a London borough, a
    borough appears twice, a geometry is empty, or any of the 33 is missing.
    """
    cols = list(gdf.columns)
    code_col = _pick(cols, _CODE_FIELDS)
    if code_col is None:
        raise IngestError(path, "no borough code field (expected GSS_CODE or code)", column="GSS_CODE")
    if gdf.crs is None:
        raise IngestError(path, "has no coordinate reference system (.prj missing?)")
    area_col = _pick(cols, _AREA_FIELDS)
    seen: dict[str, int] = {}
    rows = []
    for i, (code, geom) in enumerate(zip(gdf[code_col].astype("string"), gdf.geometry.values, strict=True)):
        b = find_borough(str(code)) if pd.notna(code) else None
        if b is None:
            raise IngestError(path, f"feature {i + 1}: {code!r} is not a London borough code", column=code_col)
        if b.code in seen:
            raise IngestError(path, f"feature {i + 1}: borough {b.code} appears twice", column=code_col)
        if geom is None or geom.is_empty:
            raise IngestError(path, f"feature {i + 1}: borough {b.code} has no geometry", column="geometry")
        seen[b.code] = i
        rows.append(i)
    missing = [b.code for b in all_boroughs() if b.code not in seen]
    if missing:
        raise IngestError(path, f"lacks boroughs {missing}: all 33 London authorities are needed")
    g = gdf.iloc[rows].copy()
    g["borough_code"] = [find_borough(str(c)).code for c in g[code_col]]  # type: ignore[union-attr]
    if area_col is not None:
        area = pd.to_numeric(g[area_col], errors="coerce")
        bad = area.isna() | (area <= 0)
        if bad.any():
            raise IngestError(path, f"feature {int(bad.to_numpy().argmax()) + 1}: bad area", column=area_col)
        g["area_hectares"] = area.astype("float64")
    else:
        g["area_hectares"] = g.to_crs(BNG).geometry.area / 10_000
    g = g.to_crs(WGS84)
    g["geometry"] = shapely.make_valid(g.geometry.values)
    return _with_borough_attributes(g[["borough_code", "area_hectares", "geometry"]])


def _with_borough_attributes(g: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Add canonical name, policed_by_mps and inner from lib/reference/boroughs.csv; code order."""
    g = g.copy()
    g["borough_name"] = [borough_by_code(c).name for c in g["borough_code"]]
    g["policed_by_mps"] = [borough_by_code(c).policed_by_mps for c in g["borough_code"]]
    g["inner"] = [borough_by_code(c).inner for c in g["borough_code"]]
    g = g.sort_values("borough_code").reset_index(drop=True)
    cols = [c.name for c in BOROUGHS.columns]
    return gpd.GeoDataFrame(g[cols], geometry="geometry", crs=g.crs)


# --------------------------------------------------------------------------------------------------
# Adapters


class BoroughBoundaries:
    """Borough polygons: GeoJSON (FeatureCollection with E09 codes) or the GLA borough shapefile."""

    name = "borough_boundaries"
    tables = (BOROUGHS, BOROUGHS_DETAILED)

    def recognises(self, path: Path, head: str) -> bool:
        suffix = path.suffix.lower()
        if suffix in (".geojson", ".json"):
            return "FeatureCollection" in head and re.search(r'"E09000\d{3}"', head) is not None
        if suffix == ".shp":
            fields = _fields(path)
            return "GSS_CODE" in fields and "ONS_INNER" in fields
        return False

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        candidates = [(p, boroughs_from_file(_read_vector(p, p), p)) for p in paths]
        candidates.sort(key=lambda pc: (-_vertex_count(pc[1]), str(pc[0])))
        used, detailed = candidates[0]
        ctx.notes["boroughs_source"] = (
            str(used.relative_to(ctx.source_dir)) if used.is_relative_to(ctx.source_dir) else str(used)
        )
        for other, _ in candidates[1:]:
            ctx.warn(f"{other.name}: another borough boundary file; the more detailed {used.name} was used")
        web = simplify_for_web(detailed, BOROUGH_TOLERANCE_M)
        web = gpd.GeoDataFrame(web[[c.name for c in BOROUGHS.columns]], geometry="geometry", crs=WGS84)
        return {"boroughs": web, "boroughs_detailed": detailed}


_WARD_CODE = re.compile(r"^WD(\d\d)CD$")


class WardLookup:
    """ONS 'LSOA (2021) to Electoral Ward (20yy) to LAD (20yy) Best Fit Lookup' (London rows or all)."""

    name = "lsoa_ward_lookup"
    tables: tuple[TableSchema, ...] = ()

    def recognises(self, path: Path, head: str) -> bool:
        first = head.splitlines()[0] if head else ""
        cols = [c.strip().strip('"') for c in first.split(",")]
        return path.suffix.lower() == ".csv" and "LSOA21CD" in cols and any(_WARD_CODE.match(c) for c in cols)

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        frames = []
        for path in paths:
            first = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()[0]
            ward_col = next(c.strip().strip('"') for c in first.split(",") if _WARD_CODE.match(c.strip().strip('"')))
            yy = _WARD_CODE.match(ward_col).group(1)  # type: ignore[union-attr]
            need = ["LSOA21CD", f"WD{yy}CD", f"WD{yy}NM", f"LAD{yy}CD"]
            header, body = read_csv_rows(path, need)
            ix = {c: header.index(c) for c in need}
            recs = []
            for i, r in enumerate(body):
                lad = r[ix[f"LAD{yy}CD"]].strip()
                if not lad.startswith("E09"):
                    continue  # national file: keep London
                b = find_borough(lad)
                if b is None:
                    raise IngestError(path, f"unknown London authority code {lad!r}", row=i + 2, column=f"LAD{yy}CD")
                lsoa, ward = r[ix["LSOA21CD"]].strip(), r[ix[f"WD{yy}CD"]].strip()
                if not lsoa or not ward:
                    raise IngestError(path, "empty LSOA or ward code", row=i + 2, column=f"WD{yy}CD")
                recs.append((lsoa, ward, r[ix[f"WD{yy}NM"]].strip(), b.code, b.name))
            df = pd.DataFrame(recs, columns=["lsoa21cd", "ward_code", "ward_name", "borough_code", "borough_name"])
            dup = df["lsoa21cd"].duplicated()
            if dup.any():
                raise IngestError(path, f"LSOA {df.loc[dup, 'lsoa21cd'].iloc[0]} listed twice", column="LSOA21CD")
            frames.append(df)
            ctx.notes["ward_vintage"] = f"20{yy} wards ({path.name})"
        lookup = pd.concat(frames).drop_duplicates("lsoa21cd", keep="last").reset_index(drop=True)
        return {"_lsoa_ward_lookup": lookup}


class LsoaShapes2021:
    """GLA LSOA 2021 polygons (zip of per-borough shapefiles, or one shapefile) → dissolved wards."""

    name = "lsoa2021_shapes"
    tables = (WARDS,)

    def recognises(self, path: Path, head: str) -> bool:
        suffix = path.suffix.lower()
        if suffix == ".zip" and head.startswith("PK"):
            shps = _shapefiles_in_zip(path)
            return bool(shps) and any(f.lower() == "lsoa21cd" for f in _fields(f"/vsizip/{path}/{shps[0]}"))
        if suffix == ".shp":
            return any(f.lower() == "lsoa21cd" for f in _fields(path))
        return False

    def read(self, paths: list[Path], ctx: IngestContext) -> dict[str, pd.DataFrame]:
        lookup = ctx.tables.get("_lsoa_ward_lookup")
        if lookup is None:
            raise IngestError(
                paths[0],
                "LSOA 2021 shapes need the ONS LSOA (2021) to ward best-fit lookup CSV (columns LSOA21CD, "
                "WDyyCD, WDyyNM, LADyyCD) in the same source folder to build ward shapes",
            )
        lsoas = read_lsoa_shapes(paths)
        detailed = dissolve_wards(lsoas, lookup, ctx)
        web = simplify_for_web(detailed, WARD_TOLERANCE_M)
        web = gpd.GeoDataFrame(web[[c.name for c in WARDS.columns]], geometry="geometry", crs=WGS84)
        ctx.notes["wards"] = f"{len(web)} wards dissolved from {len(lsoas):,} LSOA 2021 polygons (approximate edges)"
        return {"wards": web, "_wards_detailed": detailed}


def read_lsoa_shapes(paths: list[Path]) -> gpd.GeoDataFrame:
    """Every LSOA 2021 polygon in the given zips/shapefiles, as (lsoa21cd, geometry) in EPSG:27700."""
    frames = []
    for path in paths:
        members = (
            [(f"/vsizip/{path}/{m}", f"{path}!{m}") for m in _shapefiles_in_zip(path)]
            if path.suffix.lower() == ".zip"
            else [(str(path), str(path))]
        )
        for src, shown in members:
            g = _read_vector(src, shown)
            code = next((c for c in g.columns if str(c).lower() == "lsoa21cd"), None)
            if code is None:
                raise IngestError(shown, "missing field 'lsoa21cd'", column="lsoa21cd")
            if g.crs is None:
                raise IngestError(shown, "has no coordinate reference system (.prj missing?)")
            g = g.rename(columns={code: "lsoa21cd"})[["lsoa21cd", "geometry"]].to_crs(BNG)
            frames.append(g)
    out = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=BNG)


def dissolve_wards(lsoas: gpd.GeoDataFrame, lookup: pd.DataFrame, ctx: IngestContext) -> gpd.GeoDataFrame:
    """Ward polygons (EPSG:27700): the union of each ward's LSOAs under the best-fit lookup."""
    merged = lsoas.merge(lookup, on="lsoa21cd", how="left")
    unmatched = merged["ward_code"].isna()
    if unmatched.any():
        ctx.warn(
            f"{int(unmatched.sum())} LSOA 2021 polygon(s) have no ward in the best-fit lookup and were left "
            f"out of the ward shapes (e.g. {merged.loc[unmatched, 'lsoa21cd'].iloc[0]})"
        )
    shapeless = sorted(set(lookup["lsoa21cd"]) - set(lsoas["lsoa21cd"]))
    if shapeless:
        ctx.warn(f"{len(shapeless)} LSOA(s) in the ward lookup have no polygon (e.g. {shapeless[0]})")
    merged = merged[~unmatched]
    merged = merged.assign(geometry=shapely.make_valid(merged.geometry.values))
    groups = merged.groupby("ward_code", sort=True)
    geoms = [shapely.coverage_union_all(g.geometry.values) for _, g in groups]
    geoms = [g if g.is_valid else shapely.make_valid(g) for g in geoms]
    first = groups[["ward_name", "borough_code", "borough_name"]].first()
    wards = gpd.GeoDataFrame(
        {
            "ward_code": first.index.astype(str),
            "ward_name": first["ward_name"].to_numpy(),
            "borough_code": first["borough_code"].to_numpy(),
            "borough_name": first["borough_name"].to_numpy(),
            "lsoa_count": groups.size().to_numpy(),
        },
        geometry=geoms,
        crs=BNG,
    )
    wards["area_hectares"] = wards.geometry.area / 10_000
    return wards


ADAPTERS = [BoroughBoundaries(), WardLookup(), LsoaShapes2021()]
