"""Pure data for the designation parser (no I/O at import).

Extracted from data/cn/gb_agencies_tables.json (metanorma/gb-agencies, BSD-2-Clause,
Copyright (c) 2018 Ribose) and data/cn/relaton-gb/prefixes.yaml (relaton-gb, BSD-2-Clause).
Administering bodies are historical; only the codes and industry names are used here.
"""

from typing import Final

#: Chinese industry (行业标准) prefixes: code -> (industry zh, industry en).
SECTOR_PREFIXES: Final[dict[str, tuple[str, str]]] = {
    "AQ": ("安全生产", "Production Safety"),
    "BB": ("包装", "Packaging"),
    "CB": ("船舶", "Ships"),
    "CH": ("测绘", "Surveying and Mapping"),
    "CJ": ("城镇建设", "Town Construction"),
    "CY": ("新闻出版", "News Publishing"),
    "DA": ("档案", "Archiving"),
    "DB": ("地震", "Seismology"),
    "DL": ("电力", "Electricity"),
    "DZ": ("地质矿产", "Geological and Mineral Products"),
    "EJ": ("核工业", "Nuclear Industry"),
    "FZ": ("纺织", "Textile"),
    "GA": ("公共安全", "Public Safety"),
    "GH": ("供销", "Supply and Marketing"),
    "GM": ("密码", "Cryptography"),
    "GY": ("广播电影电视", "Radio, Film and Television"),
    "HB": ("航空", "Aviation"),
    "HG": ("化工", "Chemical Industry"),
    "HJ": ("环境保护", "Environmental Protection"),
    "HS": ("海关", "Customs"),
    "HY": ("海洋", "Oceanography"),
    "JB": ("机械", "Mechanical Engineering"),
    "JC": ("建材", "Building Materials"),
    "JG": ("建筑工业", "Construction Industry"),
    "JR": ("金融", "Financial"),
    "JT": ("交通", "Traffic"),
    "JY": ("教育", "Education"),
    "LB": ("旅游", "Tourism"),
    "LD": ("劳动和劳动安全", "Labor and Work Safety"),
    "LS": ("粮食", "Food"),
    "LY": ("林业", "Forestry"),
    "MH": ("民用航空", "Civil Aviation"),
    "MT": ("煤炭", "Coal"),
    "MZ": ("民政", "Civil Affairs"),
    "NY": ("农业", "Agriculture"),
    "QB": ("轻工", "Light Industry"),
    "QC": ("汽车", "Automotive"),
    "QJ": ("航天", "Aerospace"),
    "QX": ("气象", "Meteorological"),
    "SB": ("国内贸易", "Domestic Business"),
    "SC": ("水产", "Aquatic Products"),
    "SH": ("石油化工", "Petrochemical"),
    "SJ": ("电子", "Electronics"),
    "SL": ("水利", "Water Resources"),
    "SN": ("商检", "Inspection"),
    "SY": ("石油天然气", "Natural Gas"),
    "TB": ("铁道", "Rail Transport"),
    "TD": ("土地管理", "Land Management"),
    "TJ": ("铁道交通", "Railway Traffic"),
    "TY": ("体育", "Sports"),
    "WB": ("物资管理", "Materials Management"),
    "WH": ("文化", "Culture"),
    "WJ": ("兵工民品", "Ordnance"),
    "WM": ("外经贸", "Foreign Trade"),
    "WS": ("卫生", "Health"),
    "WW": ("文物保护", "Cultural Relics Protection"),
    "XB": ("稀土", "Rare Earths"),
    "YB": ("黑色冶金", "Ferrous Metallurgy"),
    "YC": ("烟草", "Tobacco"),
    "YD": ("通信", "Communication"),
    "YS": ("有色冶金", "Non-Ferrous Metallurgy"),
    "YY": ("医药", "Medicine"),
    "YZ": ("邮政", "Postal"),
    "ZY": ("中医药", "Chinese Medicine"),
    "DY": ("电子（旧）", "Electronics (old)"),
}

#: Province-level codes used in local standards DBxx (GB/T 2260 first two digits).
PROVINCE_CODES: Final[dict[str, tuple[str, str]]] = {
    "11": ("北京市", "Beijing City"),
    "12": ("天津市", "Tianjin"),
    "13": ("河北省", "Hebei Province"),
    "14": ("山西省", "Shanxi Province"),
    "15": ("内蒙古自治区", "Inner Mongolia Autonomous Region"),
    "21": ("辽宁省", "Liaoning Province"),
    "22": ("吉林省", "Jilin Province"),
    "23": ("黑龙江省", "Heilongjiang Province"),
    "31": ("上海市", "Shanghai"),
    "32": ("江苏省", "Jiangsu Province"),
    "33": ("浙江省", "Zhejiang Province"),
    "34": ("安徽省", "Anhui Province"),
    "35": ("福建省", "Fujian Province"),
    "36": ("江西省", "Jiangxi Province"),
    "37": ("山东省", "Shandong Province"),
    "41": ("河南省", "Henan Province"),
    "42": ("湖北省", "Hubei Province"),
    "43": ("湖南省", "Hunan Province"),
    "44": ("广东省", "Guangdong Province"),
    "45": ("广西壮族自治区", "Guangxi Zhuang Autonomous Region"),
    "46": ("海南省", "Hainan"),
    "50": ("重庆市", "Chongqing"),
    "51": ("四川省", "Sichuan Province"),
    "52": ("贵州省", "Guizhou Province"),
    "53": ("云南省", "Yunnan Province"),
    "54": ("西藏自治区", "Tibet Autonomous Region"),
    "61": ("陕西省", "Shaanxi Province"),
    "62": ("甘肃省", "Gansu Province"),
    "63": ("青海省", "Qinghai Province"),
    "64": ("宁夏回族自治区", "Ningxia Hui Autonomous Region"),
    "65": ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region"),
    "71": ("台湾省", "Taiwan Province"),
    "81": ("香港特别行政区", "Hong Kong Special Administrative Region"),
    "82": ("澳门特别行政区", "Macao Special Administrative Region"),
}

#: National prefixes other than GB, GB/T, GB/Z (name zh, name en).
OTHER_NATIONAL_PREFIXES: Final[dict[str, tuple[str, str]]] = {
    "GBZ": ("中华人民共和国国家职业卫生标准", "National occupational health standards"),
    "GJB": ("中华人民共和国国家军用标准", "National military standards"),
    "GBn": ("中华人民共和国国家内部标准", "National internal standards"),
    "GHZB": ("中华人民共和国国家环境质量标准", "National environmental quality standards"),
    "GWKB": ("中华人民共和国国家环境保护标准", "National Environmental Protection Standards"),
    "GWPB": ("中华人民共和国国家污染物排放标准", "National pollutant discharge standards"),
    "JJF": ("中华人民共和国国家计量技术规范", "National calibration specifications"),
    "JJG": ("中华人民共和国国家计量检定规程", "National calibration verification regulations"),
    "GSB": ("国家实物标准（标准样品）", "National physical standard (reference material)"),
}

#: Engineering-construction (工程建设) prefixes that are not in the tables above. Source: the
#: 工程建设标准 numbering rules of the construction ministry (《工程建设行业标准管理办法》,
#: 建设部令第25号, 1992, and 《工程建设标准编写规定》, 建标〔2008〕182号): industry codes
#: JGJ (建筑工程, MOHURD), CJJ (城镇建设工程, MOHURD), JTG (公路工程, MOT; numbers such as
#: ``D60`` or ``3362``) and the superseded JTJ (交通工程); national GBJ (工程建设国家标准 before
#: 1991, now GB 50xxx); association CECS (中国工程建设标准化协会标准, ``CECS 102:2002``; its
#: newer standards are group standards ``T/CECS``). Code -> (name zh, name en, level).
ENGINEERING_PREFIXES: Final[dict[str, tuple[str, str, str]]] = {
    "JGJ": ("建筑工程行业标准", "Building engineering industry standards", "industry"),
    "CJJ": (
        "城镇建设工程行业标准",
        "Urban construction engineering industry standards",
        "industry",
    ),
    "JTG": ("公路工程行业标准", "Highway engineering industry standards", "industry"),
    "JTJ": ("交通工程行业标准（旧）", "Transport engineering industry standards (old)", "industry"),
    "GBJ": (
        "工程建设国家标准（旧）",
        "National engineering construction standards (old)",
        "national",
    ),
    "CECS": ("中国工程建设标准化协会标准", "CECS association standards", "group"),
}
