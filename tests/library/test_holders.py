"""Official lists of 示范工厂揭榜单位."""

import pytest

from library.holders import read_holders_csv


def test_gbk_list_with_chinese_headers_is_read(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes("序号,企业名称,统一社会信用代码,年度\n1,湖北某某机械有限公司,91420100MA4K00000X,2022\n".encode("gbk"))
    (h,) = read_holders_csv(path)
    assert (h.company, h.credit_code, h.year) == ("湖北某某机械有限公司", "91420100MA4K00000X", 2022)


def test_list_without_name_or_code_column_is_refused_in_chinese(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="缺少"):
        read_holders_csv(path)
