"""Names of the environment variables that supply remote credentials. Kept free of
imports so the command line can name them in its help without loading HTTP code."""

TOKEN_VARIABLE = "AOS_AUTH_TOKEN"
PASSWORD_VARIABLE = "AOS_PASSWORD"
# The names Huawei's Python SDK reads for AK/SK credentials.
ACCESS_KEY_VARIABLE = "HUAWEICLOUD_SDK_AK"
SECRET_KEY_VARIABLE = "HUAWEICLOUD_SDK_SK"
