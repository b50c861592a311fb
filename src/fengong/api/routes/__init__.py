"""One APIRouter per resource; :data:`ROUTERS` is what the app includes."""
