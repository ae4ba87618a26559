"""The programme's eight industries (三.1) plus agriculture and services, with stable slugs."""

INDUSTRIES = [
    ("petrochemicals", "石油化工", "Petrochemicals"),
    ("automobiles_ships", "汽车船舶", "Automobiles and ships"),
    ("machinery", "机械装备", "Machinery and equipment"),
    ("new_energy", "新能源", "New energy"),
    ("new_light_sources", "新光源", "New light sources"),
    ("smart_grid", "智能电网", "Smart grid"),
    ("software_it", "软件和信息服务", "Software and information services"),
    ("logistics", "现代物流", "Modern logistics"),
    ("agriculture", "农业", "Agriculture"),
    ("services", "服务业", "Services"),
]
