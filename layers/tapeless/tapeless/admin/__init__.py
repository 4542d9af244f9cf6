"""Operator access: role checks, admin reads of captures and consented photos, and their audit trail."""
