"""The incoming registers of NĐ 30/2020 Phụ lục IV: sổ đăng ký văn bản đến (10
columns), sổ theo dõi giải quyết văn bản đến (7 columns), their closing per year,
the report on handling incoming documents, and the duplicate warning."""
