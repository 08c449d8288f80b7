"""Labour search in SQL: the adapter of the LabourSearch port and the derived columns it reads."""
from rozgar_adapters.sql.search.adapter import SqlLabourSearch
from rozgar_adapters.sql.search.columns import SEARCH_COLUMNS, search_columns

__all__ = ["SEARCH_COLUMNS", "SqlLabourSearch", "search_columns"]
