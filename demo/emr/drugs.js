/*
 * Drug dictionary of the demo HIS (the drug search box suggests from it).
 * Codes and names: NHSA national drug codes as published in the two-libs rule batches
 * (../shared/data/nhsa-two-libs: 第一批 sheet 2 and the 第九–十五批 CSVs; 丁苯酞软胶囊 from the check
 * contract). 规格, package sizes and prices are illustrative: the shared data carries none.
 * The array is plain JSON so tests can read it without running this file.
 */
window.DEMO_DRUGS = [
  {"code": "XC09CAA284A001010100553", "name": "阿利沙坦酯片", "spec": "240mg*7片", "strength": 240, "doseUnit": "mg", "form": "片", "packSize": 7, "packUnit": "盒", "dose": 240, "route": "口服", "freq": "qd", "price": 53.2},
  {"code": "XC09DBA407A001010100553", "name": "阿利沙坦酯氨氯地平片", "spec": "240mg/5mg*7片", "strength": 1, "doseUnit": "片", "form": "片", "packSize": 7, "packUnit": "盒", "dose": 1, "route": "口服", "freq": "qd", "price": 61.6},
  {"code": "XC09DXS255A001010101606", "name": "沙库巴曲缬沙坦钠片", "spec": "100mg*14片", "strength": 100, "doseUnit": "mg", "form": "片", "packSize": 14, "packUnit": "盒", "dose": 100, "route": "口服", "freq": "bid", "price": 89.6},
  {"code": "XC10BAR128A001010100177", "name": "瑞舒伐他汀依折麦布片(I)", "spec": "10mg/10mg*10片", "strength": 1, "doseUnit": "片", "form": "片", "packSize": 10, "packUnit": "盒", "dose": 1, "route": "口服", "freq": "qn", "price": 38.5},
  {"code": "XC09BXY230A001010179306", "name": "马来酸依那普利叶酸片", "spec": "10mg/0.8mg*7片", "strength": 1, "doseUnit": "片", "form": "片", "packSize": 7, "packUnit": "盒", "dose": 1, "route": "口服", "freq": "qd", "price": 24.9},
  {"code": "XC03DAF731A001010105001", "name": "非奈利酮片", "spec": "10mg*14片", "strength": 10, "doseUnit": "mg", "form": "片", "packSize": 14, "packUnit": "盒", "dose": 10, "route": "口服", "freq": "qd", "price": 112.0},
  {"code": "XB01ACX010A001010100177", "name": "西洛他唑片", "spec": "50mg*24片", "strength": 50, "doseUnit": "mg", "form": "片", "packSize": 24, "packUnit": "盒", "dose": 100, "route": "口服", "freq": "bid", "price": 31.4},
  {"code": "XB01ACB040A001010100549", "name": "贝前列素钠片", "spec": "20μg*10片", "strength": 20, "doseUnit": "μg", "form": "片", "packSize": 10, "packUnit": "盒", "dose": 40, "route": "口服", "freq": "tid", "price": 46.8},
  {"code": "XB01AFA319A001010101748", "name": "甲苯磺酸艾多沙班片", "spec": "60mg*7片", "strength": 60, "doseUnit": "mg", "form": "片", "packSize": 7, "packUnit": "盒", "dose": 60, "route": "口服", "freq": "qd", "price": 98.0},
  {"code": "XC04AFY101A012010100543", "name": "胰激肽原酶肠溶片", "spec": "120单位*24片", "strength": 120, "doseUnit": "单位", "form": "片", "packSize": 24, "packUnit": "盒", "dose": 240, "route": "口服", "freq": "tid", "price": 27.3},
  {"code": "XN07XXD130E002010102774", "name": "丁苯酞软胶囊", "spec": "0.1g*24粒", "strength": 0.1, "doseUnit": "g", "form": "粒", "packSize": 24, "packUnit": "盒", "dose": 0.2, "route": "口服", "freq": "tid", "price": 98.5},
  {"code": "XA02BCF721A001010100239", "name": "富马酸伏诺拉生片", "spec": "20mg*7片", "strength": 20, "doseUnit": "mg", "form": "片", "packSize": 7, "packUnit": "盒", "dose": 20, "route": "口服", "freq": "qd", "price": 44.1},
  {"code": "XA02BCA084A012010100453", "name": "艾普拉唑肠溶片", "spec": "5mg*12片", "strength": 5, "doseUnit": "mg", "form": "片", "packSize": 12, "packUnit": "盒", "dose": 10, "route": "口服", "freq": "qd", "price": 58.7},
  {"code": "XA10BKH120A001010101445", "name": "脯氨酸恒格列净片", "spec": "5mg*14片", "strength": 5, "doseUnit": "mg", "form": "片", "packSize": 14, "packUnit": "盒", "dose": 5, "route": "口服", "freq": "qd", "price": 66.0},
  {"code": "XA12AAC067A001010100548", "name": "醋酸钙片", "spec": "0.667g*48片", "strength": 0.667, "doseUnit": "g", "form": "片", "packSize": 48, "packUnit": "盒", "dose": 0.667, "route": "口服", "freq": "tid", "price": 22.6},
  {"code": "XB03XAL373E001010100177", "name": "罗沙司他胶囊", "spec": "50mg*3粒", "strength": 50, "doseUnit": "mg", "form": "粒", "packSize": 3, "packUnit": "盒", "dose": 100, "route": "口服", "freq": "tiw", "price": 187.0},
  {"code": "XA06AXL374E001010101359", "name": "利那洛肽胶囊", "spec": "290μg*14粒", "strength": 290, "doseUnit": "μg", "form": "粒", "packSize": 14, "packUnit": "盒", "dose": 290, "route": "口服", "freq": "qd", "price": 138.0},
  {"code": "XA11HAY031A001010100111", "name": "烟酰胺片", "spec": "50mg*100片", "strength": 50, "doseUnit": "mg", "form": "片", "packSize": 100, "packUnit": "瓶", "dose": 100, "route": "口服", "freq": "tid", "price": 9.8},
  {"code": "XG04CBF019A001010100030", "name": "非那雄胺片", "spec": "5mg*10片", "strength": 5, "doseUnit": "mg", "form": "片", "packSize": 10, "packUnit": "盒", "dose": 5, "route": "口服", "freq": "qd", "price": 35.5},
  {"code": "XL02BBA326A001010102180", "name": "阿帕他胺片", "spec": "60mg*120片", "strength": 60, "doseUnit": "mg", "form": "片", "packSize": 120, "packUnit": "瓶", "dose": 240, "route": "口服", "freq": "qd", "price": 8950.0},
  {"code": "XG03DBD084A001010102180", "name": "地屈孕酮片", "spec": "10mg*20片", "strength": 10, "doseUnit": "mg", "form": "片", "packSize": 20, "packUnit": "盒", "dose": 10, "route": "口服", "freq": "bid", "price": 96.4},
  {"code": "XG04BET001A001010100299", "name": "他达拉非片", "spec": "5mg*28片", "strength": 5, "doseUnit": "mg", "form": "片", "packSize": 28, "packUnit": "盒", "dose": 5, "route": "口服", "freq": "qd", "price": 126.0},
  {"code": "XC02KXL363A001010104021", "name": "利奥西呱片", "spec": "1mg*42片", "strength": 1, "doseUnit": "mg", "form": "片", "packSize": 42, "packUnit": "盒", "dose": 1, "route": "口服", "freq": "tid", "price": 412.0},
  {"code": "XN02BEX097A001010105889", "name": "小儿对乙酰氨基酚片", "spec": "0.1g*10片", "strength": 0.1, "doseUnit": "g", "form": "片", "packSize": 10, "packUnit": "盒", "dose": 0.1, "route": "口服", "freq": "tid", "price": 6.5},
  {"code": "ZA04CAE0023010100166", "name": "儿童清肺口服液", "spec": "10ml*6支", "strength": 10, "doseUnit": "ml", "form": "支", "packSize": 6, "packUnit": "盒", "dose": 20, "route": "口服", "freq": "bid", "price": 29.8},
  {"code": "XM01AXA267A001010101522", "name": "艾拉莫德片", "spec": "25mg*14片", "strength": 25, "doseUnit": "mg", "form": "片", "packSize": 14, "packUnit": "盒", "dose": 25, "route": "口服", "freq": "bid", "price": 73.0},
  {"code": "XN02AAQ033A010010100978", "name": "盐酸羟考酮缓释片", "spec": "10mg*10片", "strength": 10, "doseUnit": "mg", "form": "片", "packSize": 10, "packUnit": "盒", "dose": 10, "route": "口服", "freq": "q12h", "price": 66.3},
  {"code": "XJ01MAJ009A001010100453", "name": "甲磺酸吉米沙星片", "spec": "320mg*5片", "strength": 320, "doseUnit": "mg", "form": "片", "packSize": 5, "packUnit": "盒", "dose": 320, "route": "口服", "freq": "qd", "price": 52.0},
  {"code": "XJ01MBN102E001010107968", "name": "苹果酸奈诺沙星胶囊", "spec": "0.25g*6粒", "strength": 0.25, "doseUnit": "g", "form": "粒", "packSize": 6, "packUnit": "盒", "dose": 0.5, "route": "口服", "freq": "qd", "price": 78.0},
  {"code": "XJ01XAT037B001010101066", "name": "注射用替考拉宁", "spec": "0.2g", "strength": 0.2, "doseUnit": "g", "form": "支", "packSize": 1, "packUnit": "支", "dose": 0.4, "route": "静脉滴注", "freq": "qd", "price": 198.0},
  {"code": "XB01AXA223B001010100269", "name": "注射用奥扎格雷钠", "spec": "40mg", "strength": 40, "doseUnit": "mg", "form": "支", "packSize": 1, "packUnit": "支", "dose": 80, "route": "静脉滴注", "freq": "bid", "price": 18.6},
  {"code": "XC01EBG072B002010100151", "name": "葛根素注射液", "spec": "2ml:0.1g", "strength": 0.1, "doseUnit": "g", "form": "支", "packSize": 1, "packUnit": "支", "dose": 0.4, "route": "静脉滴注", "freq": "qd", "price": 4.2},
  {"code": "XB05AAR021B001010100348", "name": "人血白蛋白", "spec": "50ml:10g", "strength": 10, "doseUnit": "g", "form": "瓶", "packSize": 1, "packUnit": "瓶", "dose": 10, "route": "静脉滴注", "freq": "qd", "price": 368.0},
  {"code": "XB05BAF160B002010103282", "name": "复方氨基酸注射液(20AA)", "spec": "500ml:50g", "strength": 500, "doseUnit": "ml", "form": "瓶", "packSize": 1, "packUnit": "瓶", "dose": 500, "route": "静脉滴注", "freq": "qd", "price": 96.0},
  {"code": "XB01ADJ103B001010100918", "name": "注射用降纤酶", "spec": "10单位", "strength": 10, "doseUnit": "单位", "form": "支", "packSize": 1, "packUnit": "支", "dose": 10, "route": "静脉滴注", "freq": "qod", "price": 152.0},
  {"code": "XA12BAM074B002010100365", "name": "门冬氨酸钾镁注射液", "spec": "10ml", "strength": 10, "doseUnit": "ml", "form": "支", "packSize": 1, "packUnit": "支", "dose": 20, "route": "静脉滴注", "freq": "qd", "price": 3.1},
  {"code": "XC02CAC046B002010100112", "name": "盐酸川芎嗪注射液", "spec": "2ml:40mg", "strength": 40, "doseUnit": "mg", "form": "支", "packSize": 1, "packUnit": "支", "dose": 120, "route": "静脉滴注", "freq": "qd", "price": 2.6},
  {"code": "XA16AXW071B014010100344", "name": "注射用乌司他丁", "spec": "10万单位", "strength": 10, "doseUnit": "万单位", "form": "支", "packSize": 1, "packUnit": "支", "dose": 10, "route": "静脉滴注", "freq": "tid", "price": 128.0}
];
