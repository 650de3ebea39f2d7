<?xml version="1.0" encoding="UTF-8"?>
<tileset version="1.8" tiledversion="1.8.2" name="town_tiles" tilewidth="16" tileheight="16" tilecount="32" columns="8">
 <image source="town_tiles.png" width="128" height="64"/>
 <tile id="0">
  <properties>
   <property name="name" value="street"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="1">
  <properties>
   <property name="name" value="stone"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="2">
  <properties>
   <property name="name" value="roof"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="3">
  <properties>
   <property name="name" value="roof_left"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="4">
  <properties>
   <property name="name" value="roof_right"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="5">
  <properties>
   <property name="name" value="brick"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="6">
  <properties>
   <property name="name" value="plaster"/>
  </properties>
 </tile>
 <tile id="7">
  <properties>
   <property name="name" value="window_lit"/>
  </properties>
 </tile>
 <tile id="8">
  <properties>
   <property name="name" value="door"/>
  </properties>
 </tile>
 <tile id="9">
  <properties>
   <property name="name" value="chimney"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="10">
  <properties>
   <property name="name" value="chimney_top"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="11">
  <properties>
   <property name="name" value="pipe"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="12">
  <properties>
   <property name="name" value="pipe_vertical"/>
  </properties>
 </tile>
 <tile id="13">
  <properties>
   <property name="name" value="lamp_post"/>
  </properties>
 </tile>
 <tile id="14">
  <properties>
   <property name="name" value="lamp"/>
  </properties>
 </tile>
 <tile id="15">
  <properties>
   <property name="name" value="floorboards"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="16">
  <properties>
   <property name="name" value="clinic_wall"/>
  </properties>
 </tile>
 <tile id="17">
  <properties>
   <property name="name" value="shelf"/>
  </properties>
 </tile>
 <tile id="18">
  <properties>
   <property name="name" value="cot"/>
  </properties>
 </tile>
 <tile id="19">
  <properties>
   <property name="name" value="awning"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="20">
  <properties>
   <property name="name" value="boxes"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="21">
  <properties>
   <property name="name" value="tent"/>
  </properties>
 </tile>
 <tile id="22">
  <properties>
   <property name="name" value="tent_sign"/>
  </properties>
 </tile>
 <tile id="23">
  <properties>
   <property name="name" value="fence"/>
  </properties>
 </tile>
 <tile id="24">
  <properties>
   <property name="name" value="hill"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="25">
  <properties>
   <property name="name" value="hill_top"/>
   <property name="solid" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="26">
  <properties>
   <property name="name" value="cavern_rock"/>
  </properties>
 </tile>
 <tile id="27">
  <properties>
   <property name="name" value="mine_gate"/>
  </properties>
 </tile>
 <tile id="28">
  <properties>
   <property name="name" value="banner"/>
  </properties>
 </tile>
 <tile id="29">
  <properties>
   <property name="name" value="stairs"/>
   <property name="one_way" type="bool" value="true"/>
  </properties>
 </tile>
 <tile id="30">
  <properties>
   <property name="name" value="clinic_sign"/>
  </properties>
 </tile>
 <tile id="31">
  <properties>
   <property name="name" value="barricade_pole"/>
  </properties>
 </tile>
</tileset>
