"""Chinese reports for review offices: HTML, annotated PDF, summary XLSX and the 推荐汇总表 (附件4).

Every writer takes finished `Submission` objects and writes one file; none of them changes a
submission or decides anything a check has not already decided.
"""
