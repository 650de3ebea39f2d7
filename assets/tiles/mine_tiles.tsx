<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.8" tiledversion="1.8.2" name="mine_tiles" tilewidth="16" tileheight="16" tilecount="32" columns="8">
 <image source="mine_tiles.png" width="128" height="64"/>
 <tile id="0">
  <properties>
   <property name="name" value="rock"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="1">
  <properties>
   <property name="name" value="rock_floor"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="2">
  <properties>
   <property name="name" value="rock_ceiling"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="3">
  <properties>
   <property name="name" value="rock_dark"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="name" value="debris"/>
   <property name="solid" type="bool" value="true"/>
   <property name="breakable" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="5">
  <properties>
   <property name="name" value="rubble"/>
   <property name="solid" type="bool" value="true"/>
   <property name="breakable" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="6">
  <properties>
   <property name="name" value="plank"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="7">
  <properties>
   <property name="name" value="barricade"/>
   <property name="solid" type="bool" value="true"/>
   <property name="breakable" type="bool" value="true"/>
   <property name="burnable" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="8">
  <properties>
   <property name="name" value="back_wall"/>
  </properties>
 </tile>
 <tile id="9">
  <properties>
   <property name="name" value="back_wall_b"/>
  </properties>
 </tile>
 <tile id="10">
  <properties>
   <property name="name" value="timber_post"/>
  </properties>
 </tile>
 <tile id="11">
  <properties>
   <property name="name" value="timber_beam"/>
  </properties>
 </tile>
 <tile id="12">
  <properties>
   <property name="name" value="rail"/>
  </properties>
 </tile>
 <tile id="13">
  <properties>
   <property name="name" value="crystal"/>
  </properties>
 </tile>
 <tile id="14">
  <properties>
   <property name="name" value="lantern"/>
  </properties>
 </tile>
 <tile id="15">
  <properties>
   <property name="name" value="crack"/>
  </properties>
 </tile>
 <tile id="16">
  <properties>
   <property name="name" value="exit_sign"/>
  </properties>
 </tile>
 <tile id="17">
  <properties>
   <property name="name" value="daylight"/>
  </properties>
 </tile>
 <tile id="18">
  <properties>
   <property name="name" value="brazier"/>
  </properties>
 </tile>
 <tile id="19">
  <properties>
   <property name="name" value="arrow"/>
  </properties>
 </tile>
 <tile id="20">
  <properties>
   <property name="name" value="rock_b"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="21">
  <properties>
   <property name="name" value="rock_c"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="22">
  <properties>
   <property name="name" value="rock_edge_left"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="23">
  <properties>
   <property name="name" value="rock_edge_right"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="24">
  <properties>
   <property name="name" value="bridge_plank"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="25">
  <properties>
   <property name="name" value="bridge_broken"/>
  </properties>
 </tile>
 <tile id="26">
  <properties>
   <property name="name" value="cracked_floor"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="27">
  <properties>
   <property name="name" value="chasm_dark"/>
  </properties>
 </tile>
 <tile id="28">
  <properties>
   <property name="name" value="sky"/>
  </properties>
 </tile>
 <tile id="29">
  <properties>
   <property name="name" value="mountain"/>
  </properties>
 </tile>
 <tile id="30">
  <properties>
   <property name="name" value="torch_bracket"/>
  </properties>
 </tile>
 <tile id="31">
  <properties>
   <property name="name" value="timber_diag"/>
  </properties>
 </tile>
</tileset>
