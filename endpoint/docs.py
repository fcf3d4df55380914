"""`GET /docs`: Swagger UI over /openapi.json, its files served by the gateway itself (no internet needed)."""

from flask_swagger_ui import get_swaggerui_blueprint

blueprint = get_swaggerui_blueprint("/docs", "/openapi.json", config={
    "app_name": "ERP gateway: referencia de acciones",
    "layout": "BaseLayout",  # no top bar to load other documents: this gateway's own only
    "tryItOutEnabled": True,
    "displayRequestDuration": True,
    "defaultModelsExpandDepth": 1,  # the Schemas section open: every action listed by name, each collapsed
}, blueprint_name="docs")
