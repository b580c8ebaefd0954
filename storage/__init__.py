"""The database layer: typed models, the engine and units of work, and every query (``Repo``)."""

from storage.db import Database
from storage.repo import Delivery, NewDelivery, Repo

__all__ = ["Database", "Delivery", "NewDelivery", "Repo"]
