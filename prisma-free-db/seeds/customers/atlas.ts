/**
 * The map the seeds draw from: sales regions (大区), provinces, cities with real district names,
 * telephone area codes, the first four digits of resident ID numbers, and the medical universities
 * whose affiliated hospitals a city has. `weight` is the city's share of customers.
 */
export interface City {
  /** Stable code, also the territory code stem: JS-NJ. */
  code: string;
  name: string;
  short: string;
  province: string;
  provinceShort: string;
  provinceCode: string;
  region: RegionCode;
  phoneCode: string;
  idCode: string;
  weight: number;
  districts: string[];
  universities: string[];
}

export const REGIONS = {
  EC: '华东大区',
  NC: '华北大区',
  SC: '华南大区',
  CC: '华中大区',
  SW: '西南大区',
  NW: '西北大区',
  NE: '东北大区',
} as const;
export type RegionCode = keyof typeof REGIONS;

type CityInput = Omit<City, 'province' | 'provinceShort' | 'provinceCode' | 'region' | 'code'> & { key: string };

function province(region: RegionCode, code: string, name: string, short: string, cities: CityInput[]): City[] {
  return cities.map(({ key, ...c }) => ({ ...c, code: `${code}-${key}`, province: name, provinceShort: short, provinceCode: code, region }));
}

export const CITIES: City[] = [
  ...province('EC', 'SH', '上海市', '上海', [
    {
      key: 'SH', name: '上海市', short: '上海', phoneCode: '021', idCode: '3101', weight: 10,
      districts: ['浦东新区', '徐汇区', '闵行区', '黄浦区', '静安区', '长宁区', '普陀区', '杨浦区', '虹口区', '宝山区', '嘉定区', '松江区'],
      universities: ['复旦大学', '上海交通大学医学院', '同济大学'],
    },
  ]),
  ...province('EC', 'JS', '江苏省', '江苏', [
    { key: 'NJ', name: '南京市', short: '南京', phoneCode: '025', idCode: '3201', weight: 6, districts: ['鼓楼区', '玄武区', '秦淮区', '建邺区', '栖霞区', '江宁区', '浦口区', '雨花台区'], universities: ['南京医科大学', '东南大学', '南京中医药大学'] },
    { key: 'SZ', name: '苏州市', short: '苏州', phoneCode: '0512', idCode: '3205', weight: 5, districts: ['姑苏区', '吴中区', '相城区', '虎丘区', '吴江区', '昆山市', '常熟市'], universities: ['苏州大学'] },
    { key: 'WX', name: '无锡市', short: '无锡', phoneCode: '0510', idCode: '3202', weight: 3, districts: ['梁溪区', '滨湖区', '锡山区', '惠山区', '新吴区', '江阴市'], universities: ['江南大学'] },
    { key: 'CZ', name: '常州市', short: '常州', phoneCode: '0519', idCode: '3204', weight: 2, districts: ['天宁区', '钟楼区', '新北区', '武进区'], universities: [] },
    { key: 'NT', name: '南通市', short: '南通', phoneCode: '0513', idCode: '3206', weight: 2, districts: ['崇川区', '通州区', '海门区', '如皋市'], universities: ['南通大学'] },
    { key: 'XZ', name: '徐州市', short: '徐州', phoneCode: '0516', idCode: '3203', weight: 2, districts: ['鼓楼区', '云龙区', '泉山区', '铜山区'], universities: ['徐州医科大学'] },
  ]),
  ...province('EC', 'ZJ', '浙江省', '浙江', [
    { key: 'HZ', name: '杭州市', short: '杭州', phoneCode: '0571', idCode: '3301', weight: 6, districts: ['上城区', '拱墅区', '西湖区', '滨江区', '萧山区', '余杭区', '临平区', '钱塘区'], universities: ['浙江大学医学院', '浙江中医药大学', '杭州师范大学'] },
    { key: 'NB', name: '宁波市', short: '宁波', phoneCode: '0574', idCode: '3302', weight: 3, districts: ['海曙区', '江北区', '鄞州区', '北仑区', '镇海区', '慈溪市'], universities: ['宁波大学'] },
    { key: 'WZ', name: '温州市', short: '温州', phoneCode: '0577', idCode: '3303', weight: 3, districts: ['鹿城区', '龙湾区', '瓯海区', '瑞安市', '乐清市'], universities: ['温州医科大学'] },
    { key: 'SX', name: '绍兴市', short: '绍兴', phoneCode: '0575', idCode: '3306', weight: 1, districts: ['越城区', '柯桥区', '上虞区', '诸暨市'], universities: [] },
  ]),
  ...province('EC', 'AH', '安徽省', '安徽', [
    { key: 'HF', name: '合肥市', short: '合肥', phoneCode: '0551', idCode: '3401', weight: 3, districts: ['蜀山区', '包河区', '庐阳区', '瑶海区', '肥西县'], universities: ['安徽医科大学', '中国科学技术大学'] },
  ]),
  ...province('EC', 'FJ', '福建省', '福建', [
    { key: 'FZ', name: '福州市', short: '福州', phoneCode: '0591', idCode: '3501', weight: 3, districts: ['鼓楼区', '台江区', '仓山区', '晋安区', '马尾区'], universities: ['福建医科大学'] },
    { key: 'XM', name: '厦门市', short: '厦门', phoneCode: '0592', idCode: '3502', weight: 2, districts: ['思明区', '湖里区', '集美区', '海沧区', '同安区'], universities: ['厦门大学'] },
  ]),
  ...province('EC', 'SD', '山东省', '山东', [
    { key: 'JN', name: '济南市', short: '济南', phoneCode: '0531', idCode: '3701', weight: 4, districts: ['历下区', '市中区', '槐荫区', '天桥区', '历城区', '长清区'], universities: ['山东大学', '山东第一医科大学'] },
    { key: 'QD', name: '青岛市', short: '青岛', phoneCode: '0532', idCode: '3702', weight: 4, districts: ['市南区', '市北区', '李沧区', '崂山区', '黄岛区', '城阳区'], universities: ['青岛大学'] },
  ]),
  ...province('NC', 'BJ', '北京市', '北京', [
    {
      key: 'BJ', name: '北京市', short: '北京', phoneCode: '010', idCode: '1101', weight: 10,
      districts: ['东城区', '西城区', '朝阳区', '海淀区', '丰台区', '石景山区', '通州区', '昌平区', '大兴区'],
      universities: ['北京大学', '首都医科大学', '清华大学'],
    },
  ]),
  ...province('NC', 'TJ', '天津市', '天津', [
    { key: 'TJ', name: '天津市', short: '天津', phoneCode: '022', idCode: '1201', weight: 5, districts: ['和平区', '河西区', '南开区', '河东区', '河北区', '红桥区', '滨海新区', '西青区'], universities: ['天津医科大学', '天津中医药大学'] },
  ]),
  ...province('NC', 'HE', '河北省', '河北', [
    { key: 'SJZ', name: '石家庄市', short: '石家庄', phoneCode: '0311', idCode: '1301', weight: 3, districts: ['长安区', '桥西区', '新华区', '裕华区', '藁城区'], universities: ['河北医科大学'] },
    { key: 'BD', name: '保定市', short: '保定', phoneCode: '0312', idCode: '1306', weight: 2, districts: ['竞秀区', '莲池区', '满城区', '涿州市'], universities: ['河北大学'] },
    { key: 'TS', name: '唐山市', short: '唐山', phoneCode: '0315', idCode: '1302', weight: 2, districts: ['路南区', '路北区', '开平区', '丰润区'], universities: ['华北理工大学'] },
  ]),
  ...province('NC', 'SX', '山西省', '山西', [
    { key: 'TY', name: '太原市', short: '太原', phoneCode: '0351', idCode: '1401', weight: 3, districts: ['小店区', '迎泽区', '杏花岭区', '万柏林区', '尖草坪区'], universities: ['山西医科大学'] },
  ]),
  ...province('NC', 'NM', '内蒙古自治区', '内蒙古', [
    { key: 'HHHT', name: '呼和浩特市', short: '呼和浩特', phoneCode: '0471', idCode: '1501', weight: 1, districts: ['新城区', '回民区', '玉泉区', '赛罕区'], universities: ['内蒙古医科大学'] },
  ]),
  ...province('SC', 'GD', '广东省', '广东', [
    { key: 'GZ', name: '广州市', short: '广州', phoneCode: '020', idCode: '4401', weight: 8, districts: ['越秀区', '天河区', '海珠区', '荔湾区', '白云区', '番禺区', '黄埔区', '花都区'], universities: ['中山大学', '南方医科大学', '广州医科大学'] },
    { key: 'SZ', name: '深圳市', short: '深圳', phoneCode: '0755', idCode: '4403', weight: 6, districts: ['福田区', '罗湖区', '南山区', '宝安区', '龙岗区', '龙华区'], universities: ['深圳大学', '南方科技大学'] },
    { key: 'FS', name: '佛山市', short: '佛山', phoneCode: '0757', idCode: '4406', weight: 2, districts: ['禅城区', '南海区', '顺德区', '三水区'], universities: [] },
    { key: 'DG', name: '东莞市', short: '东莞', phoneCode: '0769', idCode: '4419', weight: 2, districts: ['莞城街道', '东城街道', '南城街道', '长安镇', '虎门镇'], universities: [] },
  ]),
  ...province('SC', 'GX', '广西壮族自治区', '广西', [
    { key: 'NN', name: '南宁市', short: '南宁', phoneCode: '0771', idCode: '4501', weight: 2, districts: ['青秀区', '兴宁区', '江南区', '西乡塘区', '良庆区'], universities: ['广西医科大学'] },
  ]),
  ...province('SC', 'HI', '海南省', '海南', [
    { key: 'HK', name: '海口市', short: '海口', phoneCode: '0898', idCode: '4601', weight: 1, districts: ['龙华区', '美兰区', '秀英区', '琼山区'], universities: ['海南医科大学'] },
  ]),
  ...province('CC', 'HB', '湖北省', '湖北', [
    { key: 'WH', name: '武汉市', short: '武汉', phoneCode: '027', idCode: '4201', weight: 6, districts: ['江岸区', '江汉区', '硚口区', '武昌区', '洪山区', '汉阳区', '青山区', '东西湖区'], universities: ['华中科技大学同济医学院', '武汉大学'] },
  ]),
  ...province('CC', 'HN', '湖南省', '湖南', [
    { key: 'CS', name: '长沙市', short: '长沙', phoneCode: '0731', idCode: '4301', weight: 5, districts: ['芙蓉区', '天心区', '岳麓区', '开福区', '雨花区', '望城区'], universities: ['中南大学', '湖南中医药大学'] },
  ]),
  ...province('CC', 'HA', '河南省', '河南', [
    { key: 'ZZ', name: '郑州市', short: '郑州', phoneCode: '0371', idCode: '4101', weight: 5, districts: ['金水区', '二七区', '中原区', '管城回族区', '惠济区', '上街区'], universities: ['郑州大学', '河南中医药大学'] },
  ]),
  ...province('CC', 'JX', '江西省', '江西', [
    { key: 'NC', name: '南昌市', short: '南昌', phoneCode: '0791', idCode: '3601', weight: 3, districts: ['东湖区', '西湖区', '青云谱区', '青山湖区', '新建区', '红谷滩区'], universities: ['南昌大学'] },
  ]),
  ...province('SW', 'SC', '四川省', '四川', [
    { key: 'CD', name: '成都市', short: '成都', phoneCode: '028', idCode: '5101', weight: 6, districts: ['锦江区', '青羊区', '金牛区', '武侯区', '成华区', '龙泉驿区', '双流区', '郫都区'], universities: ['四川大学', '成都中医药大学', '电子科技大学'] },
  ]),
  ...province('SW', 'CQ', '重庆市', '重庆', [
    { key: 'CQ', name: '重庆市', short: '重庆', phoneCode: '023', idCode: '5001', weight: 5, districts: ['渝中区', '江北区', '南岸区', '沙坪坝区', '九龙坡区', '渝北区', '大渡口区', '巴南区'], universities: ['重庆医科大学'] },
  ]),
  ...province('SW', 'YN', '云南省', '云南', [
    { key: 'KM', name: '昆明市', short: '昆明', phoneCode: '0871', idCode: '5301', weight: 3, districts: ['五华区', '盘龙区', '官渡区', '西山区', '呈贡区'], universities: ['昆明医科大学'] },
  ]),
  ...province('SW', 'GZ', '贵州省', '贵州', [
    { key: 'GY', name: '贵阳市', short: '贵阳', phoneCode: '0851', idCode: '5201', weight: 2, districts: ['南明区', '云岩区', '观山湖区', '花溪区', '白云区'], universities: ['贵州医科大学'] },
  ]),
  ...province('NW', 'SN', '陕西省', '陕西', [
    { key: 'XA', name: '西安市', short: '西安', phoneCode: '029', idCode: '6101', weight: 5, districts: ['新城区', '碑林区', '莲湖区', '雁塔区', '未央区', '灞桥区', '长安区'], universities: ['西安交通大学', '陕西中医药大学'] },
  ]),
  ...province('NW', 'GS', '甘肃省', '甘肃', [
    { key: 'LZ', name: '兰州市', short: '兰州', phoneCode: '0931', idCode: '6201', weight: 2, districts: ['城关区', '七里河区', '西固区', '安宁区'], universities: ['兰州大学'] },
  ]),
  ...province('NW', 'XJ', '新疆维吾尔自治区', '新疆', [
    { key: 'WLMQ', name: '乌鲁木齐市', short: '乌鲁木齐', phoneCode: '0991', idCode: '6501', weight: 2, districts: ['天山区', '沙依巴克区', '新市区', '水磨沟区'], universities: ['新疆医科大学'] },
  ]),
  ...province('NW', 'NX', '宁夏回族自治区', '宁夏', [
    { key: 'YC', name: '银川市', short: '银川', phoneCode: '0951', idCode: '6401', weight: 1, districts: ['兴庆区', '金凤区', '西夏区'], universities: ['宁夏医科大学'] },
  ]),
  ...province('NE', 'LN', '辽宁省', '辽宁', [
    { key: 'SY', name: '沈阳市', short: '沈阳', phoneCode: '024', idCode: '2101', weight: 4, districts: ['和平区', '沈河区', '大东区', '皇姑区', '铁西区', '浑南区'], universities: ['中国医科大学'] },
    { key: 'DL', name: '大连市', short: '大连', phoneCode: '0411', idCode: '2102', weight: 3, districts: ['中山区', '西岗区', '沙河口区', '甘井子区', '金州区'], universities: ['大连医科大学'] },
  ]),
  ...province('NE', 'JL', '吉林省', '吉林', [
    { key: 'CC', name: '长春市', short: '长春', phoneCode: '0431', idCode: '2201', weight: 3, districts: ['南关区', '朝阳区', '绿园区', '二道区', '宽城区'], universities: ['吉林大学'] },
  ]),
  ...province('NE', 'HL', '黑龙江省', '黑龙江', [
    { key: 'HEB', name: '哈尔滨市', short: '哈尔滨', phoneCode: '0451', idCode: '2301', weight: 3, districts: ['道里区', '南岗区', '道外区', '香坊区', '松北区'], universities: ['哈尔滨医科大学'] },
  ]),
];

export function cityByCode(code: string): City {
  const city = CITIES.find((c) => c.code === code);
  if (!city) throw new Error(`unknown city ${code}`);
  return city;
}

/** Leaf territories a city is split into when a profile does not say: bigger cities get more. */
export function defaultLeafCount(city: City): number {
  return city.weight >= 8 ? 4 : city.weight >= 5 ? 3 : city.weight >= 3 ? 2 : 1;
}

/** 浦东新区 → 浦东, 徐汇区 → 徐汇, 昆山市 → 昆山; two-character names stay whole (市中区 → 市中). */
export function shortDistrict(d: string): string {
  for (const suffix of ['新区', '街道', '区', '市', '县', '镇']) {
    if (d.endsWith(suffix) && d.length - suffix.length >= 2) return d.slice(0, -suffix.length);
  }
  return d;
}

/** Roads and streets for addresses and community health centres. */
export const ROADS = ['中山路', '人民路', '解放路', '建设路', '长江路', '黄河路', '和平路', '新华路', '胜利路', '文化路', '青年路', '东风路', '延安路', '学府路', '健康路', '光明路', '友谊路', '迎宾路', '朝阳路', '滨江路', '科技路', '花园路', '团结路', '育才路'];
export const STREETS = ['新华', '人民', '和平', '东风', '长安', '建设', '朝阳', '胜利', '解放', '光明', '青年', '文化', '友谊', '湖滨', '南湖', '北苑', '西城', '东湖', '江南', '城北', '城南', '高新', '金桥', '花园'];

export const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];
