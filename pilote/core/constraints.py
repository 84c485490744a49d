"""Database constraints whose violation a user may meet, said in French on the field concerned.

Django reports a violated constraint as "Constraint “name” is violated." (or "X avec ces
champs … existe déjà") at the top of the form. Declare each user-facing constraint with
`on_field(constraint, field, message)` and derive the model from `FieldConstraintErrors`: the
message is a French sentence and lands on `field` in forms and in the API's 422 body."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

# constraint name (unique in the database) -> the field its violation is about
FIELD_OF_CONSTRAINT: dict[str, str] = {}


def on_field(constraint, field: str):
    """Mark `constraint` (declared with a French `violation_error_message`) as being about
    `field`. Not part of the constraint's definition (Django clones constraints from their
    definition, so the mark is kept by name): no migration follows from it."""
    FIELD_OF_CONSTRAINT[constraint.name] = field
    return constraint


class FieldConstraintErrors:
    """Model mixin: constraint violations go to the field their constraint names."""

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            fields = {
                str(c.get_violation_error_message()): FIELD_OF_CONSTRAINT[c.name]
                for c in self._meta.constraints
                if c.name in FIELD_OF_CONSTRAINT
            }
            errors: dict[str, list] = {}
            for field, messages in exc.error_dict.items():
                for error in messages:
                    text = str(error.message % error.params if error.params else error.message)
                    target = fields.get(text, field) if field == NON_FIELD_ERRORS else field
                    errors.setdefault(target, []).append(error)
            raise ValidationError(errors) from exc
