"""Words the demo data is made of: Sundanese and Indonesian names, Subang products, agencies."""

MALE = (
    "Asep Ujang Dadang Cecep Dede Yayan Agus Budi Dedi Iwan Rudi Hendra Wawan Ade Aep Jajang Encep Usep "
    "Deden Rahmat Ahmad Muhammad Rizky Fajar Ilham Dani Eko Toto Engkus Kosasih Odih Maman Nandang Yusuf "
    "Hasan"
).split()
FEMALE = (
    "Euis Enok Neneng Nining Siti Nur Dewi Rina Yuli Lilis Imas Iis Eneng Cucu Tati Rini Sri Wulan Ayu "
    "Putri Ratna Nenden Nia Fitri Ai Elis Yanti Popon Titin Entin Dini Sinta Mila Ani"
).split()
FAMILY = (
    "Suryana Hidayat Permana Gunawan Saputra Kurniawan Setiawan Rahayu Nurhayati Wijaya Sulaeman Kusnadi "
    "Hermawan Sopandi Mulyana Supriatna Rustandi Sunarya Ramdani Firmansyah Maulana Nugraha Purnama "
    "Hasanah Komariah Rohmat Sudrajat Hamdani Solihin Suhendar Marlina Kartika Nurjanah Sobari Juhana "
    "Sutisna"
).split()

# (name pattern, KBLI 2020, kecamatan where typical or None). {who} = "Bu Euis" or "Mang Asep".
BUSINESSES = [
    ("Nanas Madu {who}", "01220", ["Jalancagak", "Cijambe", "Ciater", "Sagalaherang", "Kasomalang"]),
    ("Dodol Nanas {who}", "10739", ["Jalancagak", "Cijambe", "Kasomalang"]),
    ("Keripik Pisang {who}", "10794", None),
    ("Keripik Singkong {who}", "10794", None),
    ("Sale Pisang {who}", "10794", None),
    ("Opak {place}", "10794", None),
    ("Ranginang {who}", "10794", None),
    ("Tenun Serat Nanas {place}", "13121", ["Jalancagak", "Subang"]),
    ("Batik Subang {family}", "13134", ["Subang", "Cibogo", "Pagaden"]),
    ("Kerajinan Bambu {place}", "16299", None),
    ("Kerajinan Kayu {family}", "16299", None),
    ("Teh Ciater {who}", "10763", ["Ciater", "Jalancagak", "Serangpanjang"]),
    ("Kopi {place}", "10761", ["Sagalaherang", "Serangpanjang", "Ciater", "Tanjungsiang"]),
    ("Beras {place}", "10611", ["Binong", "Pusakanagara", "Pamanukan", "Ciasem", "Patokbeusi", "Compreng"]),
    ("Ikan Asin {place}", "10221", ["Blanakan", "Legonkulon", "Pusakajaya", "Sukasari"]),
    ("Rumput Laut {place}", "10293", ["Blanakan", "Legonkulon"]),
    ("Warung Nasi {who}", "56102", None),
    ("Katering {who}", "56210", None),
    ("Kue Basah {who}", "10710", None),
    ("Penjahit {who}", "14111", None),
]
KOPERASI = ["Koperasi Produsen {place}", "Koperasi Serba Usaha {place}", "Koperasi Wanita {place}"]
KOPERASI_KBLI = "64141"  # koperasi simpan pinjam / serba usaha

STREETS = [
    "Jl. Raya",
    "Jl. Otto Iskandardinata",
    "Jl. Ahmad Yani",
    "Jl. Pramuka",
    "Jl. Pasar",
    "Kp.",
    "Dusun",
]

# Perangkat daerah of a kabupaten; each kecamatan office is added from the region data.
OPDS = [
    ("SETDA", "Sekretariat Daerah"),
    ("SETWAN", "Sekretariat DPRD"),
    ("INSP", "Inspektorat Daerah"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah"),
    ("BKAD", "Badan Keuangan dan Aset Daerah"),
    ("BAPENDA", "Badan Pendapatan Daerah"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik"),
    ("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan"),
    ("DINKES", "Dinas Kesehatan"),
    ("RSUD", "RSUD Kelas B Subang"),
    ("RSUD-PMK", "RSUD Pamanukan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DINSOS", "Dinas Sosial"),
    ("DP3AKB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana"),
    ("DKP", "Dinas Ketahanan Pangan"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("DISHUB", "Dinas Perhubungan"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DKUPP", "Dinas Koperasi, UKM, Perdagangan dan Perindustrian"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISPORAPAR", "Dinas Pemuda, Olahraga dan Pariwisata"),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan"),
    ("DISKANLA", "Dinas Perikanan"),
    ("DISTAN", "Dinas Pertanian"),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi"),
]
# Relative head count: teachers and health workers are most of a kabupaten's ASN.
OPD_WEIGHT = {
    "DISDIKBUD": 120,
    "DINKES": 25,
    "RSUD": 12,
    "RSUD-PMK": 5,
    "SETDA": 4,
    "DPUPR": 3,
    "SATPOLPP": 3,
}
KECAMATAN_OFFICE_WEIGHT = 1
OTHER_OPD_WEIGHT = 2

POSITIONS = {
    "DISDIKBUD": [
        "Guru Ahli Pertama",
        "Guru Ahli Muda",
        "Guru Ahli Madya",
        "Kepala Sekolah",
        "Pengelola Layanan Operasional",
    ],
    "DINKES": [
        "Perawat Ahli Pertama",
        "Bidan Terampil",
        "Dokter Ahli Pertama",
        "Sanitarian",
        "Penata Layanan Operasional",
    ],
    "RSUD": [
        "Perawat Terampil",
        "Perawat Ahli Pertama",
        "Dokter Spesialis",
        "Apoteker",
        "Pranata Laboratorium",
    ],
}
GENERAL_POSITIONS = [
    "Penata Kelola Sistem dan Teknologi Informasi",
    "Analis Kebijakan Ahli Muda",
    "Pengadministrasi Perkantoran",
    "Penelaah Teknis Kebijakan",
    "Arsiparis Terampil",
    "Kepala Seksi",
    "Kepala Bidang",
    "Pranata Komputer",
]
PNS_GOLONGAN = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c"]
PPPK_GOLONGAN = ["V", "VII", "IX", "X", "XI"]

# Demo catalogue per category: (name, price in rupiah, unit, stock or None for made to order)
PRODUCTS = {
    "makanan-minuman": [
        ("Kopi Robusta Cisalak 250 g", 35_000, "pak", 30),
        ("Teh Hijau Tanjungsiang", 22_000, "pak", 40),
        ("Susu Sapi Murni Ciater 1 liter", 18_000, "botol", 15),
        ("Bandrek Jahe Merah", 15_000, "pak", 50),
    ],
    "oleh-oleh": [
        ("Keripik Singkong Balado", 15_000, "pak", 60),
        ("Ranginang Ketan", 20_000, "pak", 35),
        ("Opak Bakar Cicadas", 12_000, "pak", 45),
        ("Sale Pisang Gulung", 18_000, "pak", 25),
    ],
    "sembako-hasil-bumi": [
        ("Beras Pandan Wangi Subang 5 kg", 78_000, "pak", 20),
        ("Nanas Madu Subang", 10_000, "pcs", 100),
        ("Gula Aren Cetak", 25_000, "kg", 30),
        ("Telur Ayam Kampung 10 butir", 28_000, "pak", 12),
    ],
    "hasil-laut": [
        ("Ikan Asin Jambal Roti Blanakan", 45_000, "pak", 18),
        ("Terasi Udang Legonkulon", 15_000, "pak", 40),
        ("Kerupuk Ikan Pamanukan", 20_000, "pak", 30),
        ("Udang Rebon Kering", 30_000, "pak", 10),
    ],
    "kerajinan": [
        ("Tampah Anyaman Bambu", 25_000, "pcs", 15),
        ("Tas Anyaman Pandan", 85_000, "pcs", 8),
        ("Hiasan Dinding Serat Nanas", 120_000, "pcs", None),
        ("Caping Bambu", 30_000, "pcs", 20),
    ],
    "fashion-batik": [
        ("Kain Batik Tulis Motif Nanas", 350_000, "lembar", None),
        ("Kemeja Batik Subang", 175_000, "pcs", 12),
        ("Kerudung Batik Cap", 65_000, "pcs", 20),
        ("Totebag Batik", 45_000, "pcs", 25),
    ],
    "kebutuhan-rumah": [
        ("Sapu Ijuk", 25_000, "pcs", 30),
        ("Keset Sabut Kelapa", 20_000, "pcs", 25),
        ("Sabun Cuci Piring Sereh", 12_000, "botol", 40),
        ("Lilin Aromaterapi Nanas", 35_000, "pcs", 15),
    ],
    "katering": [
        ("Nasi Kotak Ayam Bakar", 30_000, "porsi", None),
        ("Nasi Liwet Paket Keluarga", 120_000, "paket", None),
        ("Snack Box Rapat", 15_000, "paket", None),
        ("Tumpeng Mini", 55_000, "paket", None),
    ],
    "jasa": [
        ("Jahit dan Permak Pakaian", 25_000, "pcs", None),
        ("Servis Pompa Air", 75_000, "jam", None),
        ("Sablon Kaos Satuan", 40_000, "pcs", None),
        ("Cetak Undangan 100 lembar", 150_000, "paket", None),
    ],
}
