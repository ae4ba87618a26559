"""Hand lexicons for :mod:`biaozhun.core.classify`.

* :data:`FOREIGN_WORDS`: Chinese, French and Spanish product words mapped to the English words
  of the HS and ICS titles (the classifier's vocabulary), so that a notification written in
  those languages lands on the same headings. Keys are lower case; Chinese keys are the words
  jieba cuts (or substrings looked for when jieba keeps a longer word).
* :data:`ANCHORS`: English product words that name one HS heading without doubt (the HS titles
  say "electric accumulators", people say "batteries"); a hit adds that heading with a
  reason.
"""

from __future__ import annotations

FOREIGN_WORDS: dict[str, str] = {
    # ---- Chinese
    "纺织品": "textile", "纺织": "textile", "服装": "apparel clothing", "服饰": "apparel clothing",
    "衣服": "clothing", "童装": "children clothing", "纤维": "fibre", "纱线": "yarn", "织物": "fabric",
    "面料": "fabric", "棉": "cotton", "羊毛": "wool", "丝绸": "silk", "针织": "knitted",
    "鞋": "footwear", "鞋类": "footwear", "皮革": "leather", "箱包": "handbag trunk",
    "灯": "lamp", "灯具": "luminaire lamp lighting", "照明": "lighting lamp", "灯泡": "lamp bulb",
    "发光二极管": "light emitting diode led", "光源": "light source lamp",
    "电池": "battery accumulator", "蓄电池": "accumulator battery", "锂电池": "lithium battery",
    "锂离子": "lithium ion", "原电池": "primary cell battery", "充电器": "charger",
    "电缆": "cable", "电线": "wire cable", "线缆": "cable wire", "插头": "plug", "插座": "socket",
    "开关": "switch", "变压器": "transformer", "电动机": "motor", "电机": "motor",
    "玩具": "toy", "儿童": "children", "游戏": "game", "婴儿": "infant baby",
    "机械": "machinery machine", "机器": "machine", "机床": "machine tool", "设备": "equipment",
    "泵": "pump", "阀门": "valve", "压缩机": "compressor", "起重机": "crane", "电梯": "lift elevator",
    "家用电器": "household domestic electrical appliance", "电器": "electrical appliance", "冰箱": "refrigerator",
    "洗衣机": "washing machine", "空调": "air conditioning", "家具": "furniture",
    "汽车": "motor vehicle car", "车辆": "vehicle", "轮胎": "tyre", "摩托车": "motorcycle",
    "自行车": "bicycle", "船舶": "ship vessel", "太阳能": "solar photovoltaic", "光伏": "photovoltaic",
    "无线电": "radio", "通信": "telecommunication", "手机": "mobile telephone",
    "计算机": "computer", "电子": "electronic", "化妆品": "cosmetic", "化学品": "chemical",
    "塑料": "plastic", "橡胶": "rubber", "陶瓷": "ceramic", "玻璃": "glass", "纸": "paper",
    "食品": "food", "包装": "packaging", "钢": "steel", "钢铁": "iron steel", "铝": "aluminium",
    "能效": "energy efficiency", "电磁兼容": "electromagnetic compatibility", "安全": "safety",
    "医疗器械": "medical device", "木制品": "wood", "木材": "wood", "珠宝": "jewellery",
    "阻燃": "flame retardant", "标签": "labelling", "标识": "marking",
    # ---- French
    "textiles": "textile", "vêtements": "clothing apparel", "vetements": "clothing apparel",
    "vêtement": "clothing", "tissus": "fabric", "fibres": "fibre", "chaussures": "footwear",
    "cuir": "leather", "lampes": "lamp", "lampe": "lamp", "luminaires": "luminaire",
    "éclairage": "lighting", "eclairage": "lighting", "diodes": "diode",
    "piles": "battery cell", "accumulateurs": "accumulator", "batteries": "battery",
    "câbles": "cable", "cables": "cable", "câble": "cable", "fils": "wire",
    "jouets": "toy", "jouet": "toy", "enfants": "children", "machines": "machine",
    "machine": "machine", "machinerie": "machinery", "équipements": "equipment",
    "appareils": "appliance", "électriques": "electrical", "electriques": "electrical",
    "électrique": "electrical", "ménagers": "household domestic", "menagers": "household domestic", "véhicules": "vehicle",
    "pneumatiques": "tyre", "meubles": "furniture", "produits": "product",
    "cosmétiques": "cosmetic", "plastiques": "plastic", "verre": "glass", "papier": "paper",
    "emballages": "packaging", "sécurité": "safety", "securite": "safety",
    "exigences": "requirement", "énergétique": "energy", "étiquetage": "labelling",
    "etiquetage": "labelling", "denrées": "food", "alimentaires": "food",
    # ---- Spanish
    "textil": "textile", "prendas": "garment apparel", "ropa": "clothing",
    "vestir": "clothing", "tejidos": "fabric", "calzado": "footwear", "lámparas": "lamp",
    "lamparas": "lamp", "lámpara": "lamp", "iluminación": "lighting", "iluminacion": "lighting",
    "baterías": "battery", "baterias": "battery", "pilas": "battery cell",
    "acumuladores": "accumulator", "alambres": "wire", "juguetes": "toy",
    "juguete": "toy", "niños": "children", "maquinaria": "machinery", "máquinas": "machine",
    "maquinas": "machine", "aparatos": "apparatus appliance", "eléctricos": "electrical",
    "electricos": "electrical", "eléctricas": "electrical", "electrodomésticos": "household appliance",
    "vehículos": "vehicle", "vehiculos": "vehicle", "neumáticos": "tyre", "muebles": "furniture",
    "cosméticos": "cosmetic", "plásticos": "plastic", "vidrio": "glass", "papel": "paper",
    "envases": "packaging", "seguridad": "safety", "requisitos": "requirement",
    "eficiencia": "efficiency", "energética": "energy", "energetica": "energy",
    "etiquetado": "labelling", "domésticos": "household domestic", "alimentos": "food",
}  # fmt: skip

#: English words -> (HS heading, or subheading when the word is that precise, and what it is);
#: matched on the stemmed tokens of the text.
ANCHORS: dict[str, tuple[str, str]] = {
    "toy": ("9503", "toys"),
    "doll": ("9503", "toys (dolls)"),
    "battery": ("8507", "electric accumulators (batteries)"),
    "accumulator": ("8507", "electric accumulators"),
    "lithium": ("850760", "lithium-ion accumulators"),
    "cable": ("8544", "insulated wire and cable"),
    "lamp": ("8539", "electric lamps and LED light sources"),
    "led": ("8539", "LED lamps and light sources"),
    "luminaire": ("9405", "luminaires and lighting fittings"),
    "lighting": ("9405", "luminaires and lighting fittings"),
    "footwear": ("6403", "footwear"),
    "tyre": ("4011", "new pneumatic tyres"),
    "tire": ("4011", "new pneumatic tyres"),
    "refrigerator": ("8418", "refrigerators"),
    "furniture": ("9403", "furniture"),
    "cosmetic": ("3304", "cosmetics"),
    "charger": ("8504", "static converters (chargers)"),
    "photovoltaic": ("8541", "photovoltaic cells and modules"),
    "bicycle": ("8712", "bicycles"),
    "motorcycle": ("8711", "motorcycles"),
    "garment": ("6204", "garments"),
    "apparel": ("6204", "apparel"),
    "clothing": ("6204", "clothing"),
    "textile": ("6307", "made-up textile articles"),
    "fabric": ("5407", "woven fabrics"),
    "machinery": ("8479", "machines having individual functions"),
}
