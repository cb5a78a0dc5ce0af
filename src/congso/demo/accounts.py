"""The demo accounts, one per role, shown on the sign-in page when demo mode is on."""

DEMO_PASSWORD = "Congso@2026"

# (email, full name, role label)
DEMO_ACCOUNTS = [
    ("quantri@demo.congso.vn", "Nguyễn Văn Quản", "Quản trị hệ thống (cần mã TOTP)"),
    ("motcua@demo.congso.vn", "Trần Thị Một", "Cán bộ một cửa"),
    ("chuyenvien@demo.congso.vn", "Lê Văn Xử", "Chuyên viên xử lý"),
    ("lanhdao@demo.congso.vn", "Phạm Quang Đạo", "Lãnh đạo"),
    ("bientap@demo.congso.vn", "Hoàng Thị Biên", "Biên tập viên cổng thông tin"),
    ("tochucthi@demo.congso.vn", "Vũ Minh Thi", "Cán bộ tổ chức thi"),
    ("ungcuu@demo.congso.vn", "Đỗ Văn Cứu", "Cán bộ ứng cứu sự cố"),
    ("congdan@demo.congso.vn", "Bùi Thị Dân", "Công dân"),
]
