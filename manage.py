#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings")
    from coalition.env import load_env_file

    load_env_file()  # the local `.env` (`make run` writes it), never over a real environment variable
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
