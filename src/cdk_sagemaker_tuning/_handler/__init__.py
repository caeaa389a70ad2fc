"""The custom-resource handler: deployed as its own Lambda asset, where this folder is a top-level package.

Nothing here may import ``aws_cdk`` or anything outside this folder: in Lambda only this folder exists.
"""
