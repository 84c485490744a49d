"""Where uploaded files go (`STORAGES["default"]`), from the environment.

`PILOTE_STORAGE=local` (default): `$PILOTE_VAR_DIR/media` on this machine's disk (one machine,
or a folder shared between the web and worker machines).
`PILOTE_STORAGE=s3`: an S3-compatible object storage through django-storages, for several web
and worker machines: `PILOTE_S3_BUCKET` (required), `PILOTE_S3_ENDPOINT_URL` (the provider's
address; empty for AWS itself), `PILOTE_S3_REGION`, `PILOTE_S3_PREFIX` (a folder in the bucket,
default `media`). The keys are boto3's own variables, `AWS_ACCESS_KEY_ID` and
`AWS_SECRET_ACCESS_KEY` (never in settings). Files are private (no ACL, signed URLs of 5
minutes): Pilote's views check who may read a file, then send it."""

from django.core.exceptions import ImproperlyConfigured

from pilote.settings.env import env_str

LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def default_storage() -> dict:
    kind = env_str("PILOTE_STORAGE", "local")
    if kind == "local":
        return LOCAL
    if kind != "s3":
        raise ImproperlyConfigured(f"PILOTE_STORAGE={kind!r}: expected local or s3")
    options = {
        "bucket_name": env_str("PILOTE_S3_BUCKET"),
        "location": env_str("PILOTE_S3_PREFIX", "media"),
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    endpoint = env_str("PILOTE_S3_ENDPOINT_URL", "")
    if endpoint:
        options["endpoint_url"] = endpoint
    region = env_str("PILOTE_S3_REGION", "")
    if region:
        options["region_name"] = region
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
