from pathlib import Path

from django.core.management.base import BaseCommand

from lapak.core.regions import regions_load


class Command(BaseCommand):
    help = "Load or update the region tree (kecamatan, desa/kelurahan, postal codes) from CSV files."

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, help="Folder with *_wilayah.csv and *_kodepos.csv")

    def handle(self, *args, folder=None, **options):
        result = regions_load(folder=folder)
        self.stdout.write(f"Regions: {result.created} created, {result.updated} updated.")
