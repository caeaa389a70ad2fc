"""``python -m cdk_sagemaker_tuning export cdk.out``: see :mod:`cdk_sagemaker_tuning.export`."""

import sys

from .export import main

if __name__ == "__main__":
    sys.exit(main())
