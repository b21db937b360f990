"""Domain errors that views and the API translate into 400 / 409 answers."""


class ConflictError(Exception):
    """A write carried a stale ``version``: someone saved in between, nothing was written."""

    def __init__(self, *, current_version: int, message: str | None = None):
        self.current_version = current_version
        self.message = message or (
            f"ข้อมูลนี้ถูกแก้ไขโดยผู้อื่นแล้ว (รุ่นปัจจุบัน {current_version}) กรุณาโหลดข้อมูลล่าสุดก่อนบันทึกอีกครั้ง"
        )
        super().__init__(self.message)
