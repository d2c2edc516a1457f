"""The learner-facing pages: catalog, course pages, module pages."""
